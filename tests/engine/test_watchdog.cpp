// The exchange watchdog shared by bench and virtual users' connections, and
// the lane's stop list that an interrupt walks.
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/error.hpp>
#include <catch2/catch.hpp>

#include "engine/stop_list.hpp"
#include "engine/watchdog.hpp"

using namespace rollcall;
using namespace rollcall::engine;
using namespace std::chrono_literals;

namespace {

// Stands for a transport: what the watchdog closes.
struct FakeTransport {
  int closed = 0;
  void close() { ++closed; }
};

struct Owner : std::enable_shared_from_this<Owner> {
  Owner(boost::asio::io_context& io, const TimePoint& hard_stop, StopList& list)
      : watchdog(io, transport, hard_stop, list) {}
  FakeTransport transport;
  Watchdog<FakeTransport> watchdog;
};

struct Counter final : Stoppable {
  int interrupted = 0;
  void on_interrupt() override { ++interrupted; }
};

}  // namespace

TEST_CASE("stop list: members join and leave, an interrupt reaches those still in it") {
  StopList list;
  Counter a, b;
  {
    Counter c;
    list.join(a);
    list.join(b);
    list.join(c);
    list.join(b);  // twice is once
    list.leave(a);
  }  // c leaves as it goes
  list.interrupt();
  CHECK(a.interrupted == 0);
  CHECK(b.interrupted == 1);
  list.leave(b);
  CHECK(list.empty());
}

TEST_CASE("watchdog: past its deadline the transport is closed and the phase's timeout is the failure") {
  boost::asio::io_context io;
  TimePoint hard_stop = Clock::now() + 10s;
  StopList list;
  auto owner = std::make_shared<Owner>(io, hard_stop, list);
  owner->watchdog.arm(*owner, 30ms, http::Phase::exchange);
  io.run_for(5s);  // returns once the wait is done
  CHECK(owner->transport.closed == 1);
  CHECK(owner->watchdog.disarm(boost::asio::error::operation_aborted) == http::Failure::timeout_read);
  CHECK_FALSE(owner->watchdog.take_abandoned());
}

TEST_CASE("watchdog: an operation that ends in time leaves the transport open, and a moved deadline is kept") {
  boost::asio::io_context io;
  TimePoint hard_stop = Clock::now() + 10s;
  StopList list;
  auto owner = std::make_shared<Owner>(io, hard_stop, list);
  owner->watchdog.arm(*owner, 40ms, http::Phase::connect);
  CHECK(owner->watchdog.disarm({}) == http::Failure::none);
  // The next phase's deadline is later than the pending wait: when that
  // wait ends, it re-arms itself for the new deadline.
  owner->watchdog.arm(*owner, 2s, http::Phase::exchange);
  io.run_for(300ms);
  CHECK(owner->transport.closed == 0);
  io.run_for(10s);  // returns once the wait is done
  CHECK(owner->transport.closed == 1);
}

TEST_CASE("watchdog: an interrupt brings a far deadline forward to the new hard stop, and the exchange is abandoned") {
  boost::asio::io_context io;
  TimePoint hard_stop = Clock::now() + 60s;
  StopList list;
  auto owner = std::make_shared<Owner>(io, hard_stop, list);
  owner->watchdog.arm(*owner, 30s, http::Phase::exchange);
  io.poll();
  CHECK(owner->transport.closed == 0);
  hard_stop = Clock::now() + 30ms;  // what end_lane_now does, then:
  list.interrupt();
  const auto before = Clock::now();
  io.run_for(20s);  // returns once the wait is done: at the hard stop, not in 30 s
  CHECK(owner->transport.closed == 1);
  CHECK(owner->watchdog.take_abandoned());
  CHECK(Clock::now() - before < 10s);
}

TEST_CASE("watchdog: a retired connection is never closed by a wait still pending") {
  boost::asio::io_context io;
  TimePoint hard_stop = Clock::now() + 10s;
  StopList list;
  auto owner = std::make_shared<Owner>(io, hard_stop, list);
  owner->watchdog.arm(*owner, 20ms, http::Phase::exchange);
  owner->watchdog.retire();
  std::weak_ptr<Owner> gone = owner;
  owner.reset();  // the pending wait keeps it until the wait ends
  io.run_for(5s);
  CHECK(gone.expired());
}
