#pragma once
// Someone watching a lane's journeys as they happen: `rollcall try` prints
// each exchange, --trace-failures keeps the exchanges of failing journeys
// for a HAR file. A lane without an observer pays one null test per
// exchange; with one, the observer runs on the lane's thread, in the
// journey's order.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "engine/failure_detail.hpp"
#include "engine/journey.hpp"
#include "engine/request_text.hpp"
#include "http/failure.hpp"
#include "http/html_forms.hpp"
#include "http/response_reader.hpp"

namespace rollcall::engine {

struct VirtualUser;

// One request and what became of it.
struct Exchange {
  std::string_view step;                   // its metrics line (a hop has its own)
  const RequestText& request;
  const http::ResponseData* response;      // nullptr: no answer (a timeout, a reset)
  http::Failure failure;
  std::chrono::system_clock::time_point sent;  // wall clock, when it went out
  std::int64_t latency_us;                 // as counted (from when it was due)
};

class JourneyObserver {
 public:
  virtual ~JourneyObserver() = default;
  virtual void journey_started(const VirtualUser&) {}
  virtual void exchanged(const VirtualUser&, const Exchange&) {}
  // submit_form chose `form` on the page; `submission` is what it sends.
  virtual void form_chosen(const VirtualUser&, std::string_view /*step*/, const http::HtmlForm&, const RequestText&) {}
  virtual void extracted(const VirtualUser&, std::string_view /*variable*/, std::string_view /*value*/, bool /*secret*/) {}
  virtual void step_failed(const VirtualUser&, const FailureDetail&) {}
  virtual void journey_ended(const VirtualUser&, JourneyEnd) {}
};

}  // namespace rollcall::engine
