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
