#include "engine/journey_stats.hpp"

namespace rollcall::engine {

namespace {
// A report lists reasons, not every occurrence: keep a few distinct ones.
constexpr std::size_t max_messages = 8;

void merge_bounded(std::set<std::string>& into, const std::set<std::string>& from) {
  for (const auto& m : from) {
    if (into.size() >= max_messages) break;
    into.insert(m);
  }
}
}  // namespace

void StepStats::merge(const StepStats& other) {
  latency.merge(other.latency);
  queued_latency.merge(other.queued_latency);
  rejected_latency.merge(other.rejected_latency);
  retries += other.retries;
  restarts += other.restarts;
  gave_up += other.gave_up;
  bytes_read += other.bytes_read;
  decoded_bytes += other.decoded_bytes;
  merge_counts(other);
  merge_bounded(missing_variables, other.missing_variables);
  merge_bounded(expectation_messages, other.expectation_messages);
  for (const auto& d : other.failure_details)
    if (wants_failure_detail()) failure_details.push_back(d);
}

void StepStats::reset() {
  static_cast<OutcomeCounts&>(*this) = OutcomeCounts{};
  latency.reset();
  queued_latency.reset();
  rejected_latency.reset();
  missing_variables.clear();
  expectation_messages.clear();
  failure_details.clear();
  retries = restarts = gave_up = bytes_read = decoded_bytes = 0;
}

void PersonaStats::reset() {
  static_cast<OutcomeCounts&>(*this) = OutcomeCounts{};
  started = completed = failed = abandoned = gave_up = retries = restarts = 0;
  journey_time.reset();
  waiting_time.reset();
}

void PersonaStats::merge(const PersonaStats& other) {
  started += other.started;
  completed += other.completed;
  failed += other.failed;
  abandoned += other.abandoned;
  gave_up += other.gave_up;
  retries += other.retries;
  restarts += other.restarts;
  merge_counts(other);
  journey_time.merge(other.journey_time);
  waiting_time.merge(other.waiting_time);
}

std::string JourneyStats::overflow_name(std::string_view name) {
  const auto last = name.rfind(" > ");
  return last == std::string_view::npos ? std::string("other") : std::string(name.substr(0, last)) + " > other";
}

StepStats& JourneyStats::step(std::string_view name) {
  auto it = index_.find(name);
  if (it != index_.end()) return steps_[it->second];
  if (steps_.size() >= max_lines) {
    // Past the cap only the `other` lines are added, one per step at most.
    const std::string other = overflow_name(name);
    if (other != name) return step(other);
  }
  index_.emplace(std::string(name), steps_.size());
  steps_.emplace_back().name = std::string(name);
  return steps_.back();
}

JourneyStats JourneyStats::like(const JourneyStats& other) {
  JourneyStats fresh;
  for (const auto& s : other.steps_) fresh.step(s.name);
  for (const auto& p : other.personas_) fresh.personas_.emplace_back().name = p.name;
  return fresh;
}

void JourneyStats::reset() {
  for (auto& s : steps_) s.reset();
  for (auto& p : personas_) p.reset();
  start_lag.reset();
  loop_lag.reset();
  requests = bytes_read = decoded_bytes = connects = tls_full = tls_resumed = 0;
  feeder_exhausted = retry_requests = refresh_requests = 0;
  not_sent = unfinished = stale_retries = internal_errors = 0;
  arrivals = scheduled = users_running = 0;
}

// A field added to these structures must be cleared by reset() above (and
// merged by merge()): these sizes are here to make whoever adds it look.
static_assert(sizeof(StepStats) == 768, "StepStats changed: update StepStats::reset and merge");
static_assert(sizeof(PersonaStats) == 536, "PersonaStats changed: update PersonaStats::reset and merge");
static_assert(sizeof(JourneyStats) == 544, "JourneyStats changed: update JourneyStats::reset and merge");

void JourneyStats::add_lines_of(const JourneyStats& other) {
  for (const auto& s : other.steps_) step(s.name);
  for (std::size_t i = personas_.size(); i < other.personas_.size(); ++i)
    personas_.emplace_back().name = other.personas_[i].name;
}

std::uint64_t JourneyStats::outcomes() const {
  std::uint64_t n = 0;
  for (const auto& s : steps_) n += s.count();
  return n;
}

bool JourneyStats::accounted() const {
  if (attempts() != outcomes() + unfinished) return false;
  for (const auto& p : personas_)
    if (p.started != p.completed + p.failed + p.abandoned) return false;
  return true;
}

void JourneyStats::set_personas(const std::vector<std::string>& names) {
  personas_.clear();
  for (const auto& n : names) personas_.emplace_back().name = n;
}

void JourneyStats::merge(const JourneyStats& other) {
  for (const auto& s : other.steps_) step(s.name).merge(s);
  if (personas_.size() < other.personas_.size()) personas_.resize(other.personas_.size());
  for (std::size_t i = 0; i < other.personas_.size(); ++i) {
    if (personas_[i].name.empty()) personas_[i].name = other.personas_[i].name;
    personas_[i].merge(other.personas_[i]);
  }
  start_lag.merge(other.start_lag);
  loop_lag.merge(other.loop_lag);
  requests += other.requests;
  bytes_read += other.bytes_read;
  decoded_bytes += other.decoded_bytes;
  connects += other.connects;
  tls_full += other.tls_full;
  tls_resumed += other.tls_resumed;
  feeder_exhausted += other.feeder_exhausted;
  retry_requests += other.retry_requests;
  refresh_requests += other.refresh_requests;
  not_sent += other.not_sent;
  unfinished += other.unfinished;
  stale_retries += other.stale_retries;
  internal_errors += other.internal_errors;
  arrivals += other.arrivals;
  scheduled += other.scheduled;
  users_running += other.users_running;
}

}  // namespace rollcall::engine
