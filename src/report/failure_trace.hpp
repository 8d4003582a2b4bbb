#pragma once
// --trace-failures FILE: the first failing journeys of a run, every
// exchange of each up to its failure, as a HAR 1.2 file that a browser's
// developer tools open (Network panel, "Import HAR"). What a person needs
// to see why a real platform's login failed under load, with passwords,
// cookies, tickets, tokens and Authorization headers masked.
//
// Each lane has its own observer: a journey's exchanges are copied as they
// happen (headers, and the body of the last answer only, at most 64 KiB),
// and handed over, redacted, when the journey fails. Once enough journeys
// are kept, no new journey is copied: the cost of tracing ends with it.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include <boost/json/array.hpp>

#include "engine/journey_observer.hpp"
#include "scenario/model.hpp"

namespace rollcall::report {

class FailureTrace {
 public:
  FailureTrace(const scenario::Scenario& scenario, std::size_t most_journeys);

  // An observer for one lane (one thread); the trace outlives it.
  std::unique_ptr<engine::JourneyObserver> observer();

  bool full() const { return kept_.load(std::memory_order_relaxed) >= most_; }
  std::size_t journeys() const;
  // The HAR document: {"log": {"version": "1.2", "creator", "pages", "entries"}}.
  std::string har() const;
  // Writes har() to `path`; false when the file cannot be written.
  bool write(const std::string& path) const;

  // A failed journey's page and entries, already redacted.
  void keep(boost::json::object page, boost::json::array entries);

  const scenario::Scenario& scenario() const { return scenario_; }

 private:
  const scenario::Scenario& scenario_;
  const std::size_t most_;
  std::atomic<std::size_t> kept_{0};
  mutable std::mutex mutex_;
  boost::json::array pages_;
  boost::json::array entries_;
};

}  // namespace rollcall::report
