// Telling a waiting room and a quota page from errors, and reading how long
// a waiting room asks to wait.
#include <catch2/catch.hpp>
#include <re2/re2.h>

#include "engine/admission.hpp"

using namespace rollcall;
using namespace std::chrono_literals;
using engine::Admitted;
using engine::classify_admission;

namespace {

http::ResponseData answer(unsigned status, std::vector<std::pair<std::string, std::string>> headers, std::string body = {}) {
  http::ResponseData r;
  r.status = status;
  for (const auto& [name, value] : headers) {
    http::ResponseData::Field f{static_cast<std::uint32_t>(r.header_bytes.size()), static_cast<std::uint32_t>(name.size()), 0,
                                static_cast<std::uint32_t>(value.size())};
    r.header_bytes += name;
    f.value_offset = static_cast<std::uint32_t>(r.header_bytes.size());
    r.header_bytes += value;
    r.fields.push_back(f);
  }
  r.body = std::move(body);
  return r;
}

scenario::Admission ent_admission() {
  scenario::Admission a;
  scenario::AdmissionMatch room;
  room.headers = {{"X-ENT-Admission", "waiting-room"}};
  scenario::AdmissionMatch room_page;
  room_page.status = {200};
  room_page.contains = {"Salle d'attente"};
  a.queued = {room, room_page};
  scenario::AdmissionMatch quota;
  quota.status = {503};
  quota.matches = {std::make_shared<const re2::RE2>("Quota (atteint|reached)")};
  a.rejected = {quota};
  return a;
}

}  // namespace

TEST_CASE("admission rules classify waiting rooms, quota pages and ordinary answers") {
  const auto a = ent_admission();
  CHECK(classify_admission(a, answer(200, {{"x-ent-admission", "waiting-room"}})) == Admitted::queued);
  CHECK(classify_admission(a, answer(200, {}, "<h1>Salle d'attente</h1>")) == Admitted::queued);
  CHECK(classify_admission(a, answer(503, {}, "<h1>Quota atteint</h1>")) == Admitted::rejected);
  // Every condition of a rule must hold: the right page with another status is not it.
  CHECK(classify_admission(a, answer(500, {}, "<h1>Salle d'attente</h1>")) == Admitted::yes);
  CHECK(classify_admission(a, answer(503, {}, "Service Unavailable")) == Admitted::yes);
  CHECK(classify_admission(a, answer(200, {{"X-ENT-Admission", "open"}}, "Bonjour")) == Admitted::yes);
}

TEST_CASE("a quota page that also looks like a waiting room is a rejection") {
  const auto a = ent_admission();
  CHECK(classify_admission(a, answer(503, {{"X-ENT-Admission", "waiting-room"}}, "Quota reached")) == Admitted::rejected);
}

TEST_CASE("Retry-After is read in seconds and as an HTTP date") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(engine::parse_retry_after("30", now) == std::chrono::nanoseconds(30s));
  CHECK(engine::parse_retry_after(" 5 ", now) == std::chrono::nanoseconds(5s));
  CHECK(engine::parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now) == std::chrono::nanoseconds(30s));
  CHECK(engine::parse_retry_after("Sun, 06 Nov 1994 08:40:00 GMT", now) == std::chrono::nanoseconds(0));
  CHECK_FALSE(engine::parse_retry_after("soon", now));
  CHECK_FALSE(engine::parse_retry_after("30s", now));
  CHECK_FALSE(engine::parse_retry_after("", now));
}

TEST_CASE("a meta refresh gives the wait when there is no Retry-After") {
  CHECK(engine::parse_meta_refresh(R"(<meta http-equiv="refresh" content="12">)") == std::chrono::nanoseconds(12s));
  CHECK(engine::parse_meta_refresh(R"(<META HTTP-EQUIV=Refresh CONTENT="7; url=/cas/login">)") == std::chrono::nanoseconds(7s));
  CHECK(engine::parse_meta_refresh(R"(<meta content='4' http-equiv='refresh'>)") == std::chrono::nanoseconds(4s));
  CHECK_FALSE(engine::parse_meta_refresh(R"(<meta charset="utf-8"><p>refresh content=3</p>)"));

  const auto now = std::chrono::system_clock::now();
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "3"}}, R"(<meta http-equiv="refresh" content="9">)"), 30s, now) ==
        std::chrono::nanoseconds(3s));
  CHECK(engine::admission_wait(answer(200, {}, R"(<meta http-equiv="refresh" content="9">)"), 30s, now) ==
        std::chrono::nanoseconds(9s));
  CHECK(engine::admission_wait(answer(200, {}, "no hint"), 30s, now) == std::chrono::nanoseconds(30s));
  // A page asking for no wait at all still gets a human pause, and days are cut to an hour.
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "0"}}), 30s, now) == std::chrono::nanoseconds(100ms));
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "86400"}}), 30s, now) == std::chrono::nanoseconds(1h));
}

TEST_CASE("a Retry-After beyond any clock is a day, and garbage is no Retry-After") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  // Too many digits for 64 bits: still a long wait, never a wrapped short one.
  CHECK(engine::parse_retry_after("99999999999999999999", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("18446744073709551615", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("18446744073709551616", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("9223372036854775808", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("86401", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("\t7\t", now) == std::chrono::nanoseconds(7s));
  // Dates past the nanosecond clock's year 2262, and before its 1677.
  CHECK(engine::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("Sat, 01 Jan 2263 00:00:00 GMT", now) == std::chrono::nanoseconds(86400s));
  CHECK(engine::parse_retry_after("Sat, 01 Jan 0000 00:00:00 GMT", now) == std::chrono::nanoseconds(0));
  CHECK(engine::parse_retry_after("Mon, 01 Jan 1600 00:00:00 GMT", now) == std::chrono::nanoseconds(0));
  // Within a day the date is exact, to the nanosecond of `now`.
  CHECK(engine::parse_retry_after("Mon, 07 Nov 1994 08:49:36 GMT", now) == std::chrono::nanoseconds(86399s));
  CHECK(engine::parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", now + 250ms) == std::chrono::nanoseconds(29750ms));
  CHECK(engine::parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 250ms) == std::chrono::nanoseconds(0));
  // Neither delay-seconds nor a date.
  CHECK_FALSE(engine::parse_retry_after("-5", now));
  CHECK_FALSE(engine::parse_retry_after("-99999999999999999999", now));
  CHECK_FALSE(engine::parse_retry_after("+5", now));
  CHECK_FALSE(engine::parse_retry_after("1 2", now));
  CHECK_FALSE(engine::parse_retry_after("5.5", now));
  CHECK_FALSE(engine::parse_retry_after("0x10", now));
  CHECK_FALSE(engine::parse_retry_after("   ", now));
  CHECK_FALSE(engine::parse_retry_after("Fri, 31 Dec 99999 23:59:59 GMT", now));
  CHECK_FALSE(engine::parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT trailing", now));
  CHECK_FALSE(engine::parse_retry_after(std::string(100000, '\xff'), now));
}

TEST_CASE("the wait of a huge Retry-After or meta refresh is an hour, of a date in the past a pause") {
  const auto now = std::chrono::system_clock::from_time_t(784111777);
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "99999999999999999999"}}), 30s, now) ==
        std::chrono::nanoseconds(1h));
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}}), 30s, now) ==
        std::chrono::nanoseconds(1h));
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "Sat, 01 Jan 0000 00:00:00 GMT"}}), 30s, now) ==
        std::chrono::nanoseconds(100ms));
  // Garbage is no answer: the page's meta refresh, else the fallback, decides.
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "-5"}}, R"(<meta http-equiv="refresh" content="9">)"), 30s, now) ==
        std::chrono::nanoseconds(9s));
  CHECK(engine::admission_wait(answer(200, {{"Retry-After", "later"}}), 30s, now) == std::chrono::nanoseconds(30s));
  CHECK(engine::parse_meta_refresh(R"(<meta http-equiv="refresh" content="99999999999999999999999">)") ==
        std::chrono::nanoseconds(86400s));
  CHECK(engine::admission_wait(answer(200, {}, R"(<meta http-equiv="refresh" content="99999999999999999999999">)"), 30s,
                               now) == std::chrono::nanoseconds(1h));
  // A fallback out of range is bounded the same way.
  CHECK(engine::admission_wait(answer(200, {}), std::chrono::nanoseconds::max(), now) == std::chrono::nanoseconds(1h));
  CHECK(engine::admission_wait(answer(200, {}), std::chrono::nanoseconds::min(), now) == std::chrono::nanoseconds(100ms));
}
