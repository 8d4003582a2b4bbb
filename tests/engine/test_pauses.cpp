// The lane's pauses: a pause ends with whatever wakes the lane once its
// window is open, never before, and at the window's end at the latest.
#include <chrono>
#include <memory>
#include <random>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <catch2/catch.hpp>

#include "engine/pauses.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace std::chrono_literals;

namespace {

// A user pausing until `end`: its timer waits far longer, so only
// wake_ended() can end the wait before the test does.
struct Pausing {
  Pausing(boost::asio::io_context& io, Pauses& pauses, TimePoint end) : timer(io), ticket(pauses, end, timer) {
    timer.expires_after(1h);
    // The flag outlives the user: a timer destroyed still calls its handler.
    timer.async_wait([flag = cancelled](boost::system::error_code ec) {
      *flag = ec == boost::asio::error::operation_aborted;
    });
  }
  bool ended_early() const { return *cancelled; }

  std::shared_ptr<bool> cancelled = std::make_shared<bool>(false);
  boost::asio::steady_timer timer;
  Pauses::Ticket ticket;
};

}  // namespace

TEST_CASE("pauses: the window is a tenth of the pause, 20 ms at most, around its end or after a server's wait") {
  CHECK(Pauses::slack(0ms) == 0ms);
  CHECK(Pauses::slack(10ms) == 1ms);
  CHECK(Pauses::slack(50ms) == 5ms);
  CHECK(Pauses::slack(200ms) == 20ms);
  CHECK(Pauses::slack(800ms) == 20ms);
  // A user's own pause: as drawn on average.
  const auto think = Pauses::window(500ms, false);
  CHECK(think.earliest == 490ms);
  CHECK(think.latest == 510ms);
  const auto short_think = Pauses::window(30ms, false);
  CHECK(short_think.earliest == 28500us);
  CHECK(short_think.latest == 31500us);
  // A wait the server asked for: never early.
  const auto asked = Pauses::window(2s, true);
  CHECK(asked.earliest == 2s);
  CHECK(asked.latest == 2020ms);
}

TEST_CASE("pauses: the lane awake wakes the pauses that are over, and only them") {
  boost::asio::io_context io;
  Pauses pauses;
  const TimePoint now = Clock::now();
  Pausing over(io, pauses, now - 1ms);
  Pausing just_over(io, pauses, now);
  Pausing not_yet(io, pauses, now + 1ms);
  CHECK(pauses.under_way() == 3);
  pauses.wake_ended(now);
  io.poll();
  CHECK(over.ended_early());
  CHECK(just_over.ended_early());
  CHECK_FALSE(not_yet.ended_early());
  REQUIRE(over.ticket.woken());
  CHECK(*over.ticket.woken() == now);
  CHECK_FALSE(not_yet.ticket.woken());
  // Woken once: a second wake-up does not cancel it again.
  pauses.wake_ended(now + 1h);
  io.poll();
  CHECK(not_yet.ended_early());
  CHECK(*over.ticket.woken() == now);
  not_yet.timer.cancel();
}

TEST_CASE("pauses: a pause that ended on its own leaves nothing that wakes the next one in its place") {
  boost::asio::io_context io;
  Pauses pauses;
  const TimePoint t0 = Clock::now();
  {
    Pausing gone(io, pauses, t0 + 1h);
    gone.timer.cancel();
    io.poll();
  }
  CHECK(pauses.under_way() == 0);
  Pausing next(io, pauses, t0 + 3h);  // takes the freed slot
  pauses.wake_ended(t0 + 2h);         // the first pause's end, past
  io.poll();
  CHECK_FALSE(next.ended_early());
  CHECK_FALSE(next.ticket.woken());
  next.timer.cancel();
  io.poll();
}

TEST_CASE("pauses: many pauses, woken in order of their ends as the lane wakes") {
  boost::asio::io_context io;
  Pauses pauses;
  const TimePoint t0 = Clock::now();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> ms(0, 999);
  std::vector<std::unique_ptr<Pausing>> users;
  std::vector<TimePoint> ends;
  for (int i = 0; i < 200; ++i) {
    ends.push_back(t0 + std::chrono::milliseconds(ms(rng)));
    users.push_back(std::make_unique<Pausing>(io, pauses, ends.back()));
    if (i % 3 == 0) users[i / 2].reset();  // some end on their own meanwhile
  }
  for (const auto at : {t0 + 100ms, t0 + 250ms, t0 + 700ms}) {
    pauses.wake_ended(at);
    io.poll();
    for (std::size_t i = 0; i < users.size(); ++i) {
      if (!users[i]) continue;
      INFO("pause " << i);
      CHECK(users[i]->ended_early() == (ends[i] <= at));
      if (users[i]->ended_early()) CHECK(*users[i]->ticket.woken() <= at);
    }
  }
  for (auto& u : users)
    if (u) u->timer.cancel();
  io.poll();
}
