#include "sim/capacity.hpp"

#include <chrono>
#include <stdexcept>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "common/duration.hpp"
#include "sim/config.hpp"

namespace rollcall::sim {

namespace {

using E = Endpoint;


std::optional<double> per_second(std::size_t workers, Duration service) {
  if (service <= Duration::zero()) return std::nullopt;
  return static_cast<double>(workers) / seconds(service);
}

std::string service_text(Duration d) { return d > Duration::zero() ? format_duration(d) : "0"; }

std::string rate(const std::optional<double>& r) { return r ? fmt::format("{:.1f}", *r) : "unbounded"; }

std::string mix_text(const std::vector<std::pair<std::string, double>>& mix) {
  std::string out;
  for (const auto& [name, weight] : mix) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{:g}% {}", weight * 100, name);
  }
  return out;
}

}  // namespace

std::vector<Journey> journeys(const Config& config) {
  std::vector<Journey> out;
  // Log in through CAS (portal -> form -> POST -> ticket), then what each
  // role does first on a school morning.
  out.push_back({"student", "logs in, reads the timeline, homework and messages, opens a PDF, hands in homework",
                 {E::entry, E::login_form, E::login_post, E::ticket, E::portal, E::timeline, E::homework,
                  E::messages, E::document, E::submit, E::logout},
                 {}});
  Journey parent{"parent", "logs in, reads the timeline, messages and homework", {}, {}};
  parent.steps = {E::entry, E::login_form, E::login_post};
  if (config.saml) {
    parent.summary += " (through the SAML hop)";
    parent.steps.push_back(E::saml_acs);
  }
  for (E e : {E::ticket, E::portal, E::timeline, E::messages, E::homework, E::logout}) parent.steps.push_back(e);
  out.push_back(std::move(parent));
  out.push_back({"teacher", "logs in, reads the three pages of messages and homework, opens two PDFs, sets homework",
                 {E::entry, E::login_form, E::login_post, E::ticket, E::portal, E::timeline, E::messages,
                  E::messages, E::messages, E::homework, E::document, E::document, E::assign, E::logout},
                 {}});
  out.push_back({"morning-rush", "the 7:30-9:00 peak: mostly pupils", {}, {{"student", 0.80}, {"parent", 0.15}, {"teacher", 0.05}}});
  return out;
}

const EndpointCapacity& Capacity::endpoint(Endpoint e) const {
  for (const auto& c : endpoints)
    if (c.endpoint == e) return c;
  throw std::out_of_range("no such endpoint in the capacity");
}

const JourneyCapacity* Capacity::journey(std::string_view name) const {
  for (const auto& j : journeys)
    if (j.name == name) return &j;
  return nullptr;
}

Capacity describe_capacity(const Config& config) {
  Capacity cap;
  cap.workers = config.workers;
  cap.queue = config.queue;
  cap.waiting_room = config.waiting_room;
  cap.drift = config.drift;
  cap.drift_period = config.drift_period;
  cap.seed = config.seed;
  for (const auto& e : endpoints())
    cap.endpoints.push_back({e.id, config.service(e.id), per_second(config.workers, config.service(e.id))});

  for (const auto& j : journeys(config)) {
    JourneyCapacity jc{j.name, j.summary, 0, Duration::zero(), std::nullopt, std::nullopt, std::nullopt, j.steps, j.mix};
    if (j.mix.empty()) {
      jc.requests = static_cast<double>(j.steps.size());
      for (E e : j.steps) jc.service_time += config.service(e);
    } else {
      // A mix needs the mean service per journey: every journey shares the
      // same workers, so the mix's rate is W / sum(weight * T).
      double service_s = 0;
      for (const auto& [name, weight] : j.mix) {
        const auto* part = cap.journey(name);
        if (!part) throw std::logic_error("mix names an unknown journey");
        jc.requests += weight * part->requests;
        service_s += weight * seconds(part->service_time);
      }
      jc.service_time = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(service_s));
    }
    jc.max_journeys_per_s = per_second(config.workers, jc.service_time);
    if (jc.max_journeys_per_s) {
      jc.min_journeys_per_s = *jc.max_journeys_per_s / (1 + config.drift);
      jc.peak_journeys_per_s = *jc.max_journeys_per_s / (1 - config.drift);
    }
    cap.journeys.push_back(std::move(jc));
  }
  return cap;
}

std::string format_capacity(const Capacity& cap) {
  std::string out = fmt::format("Capacity: {} workers, queue {} (beyond it: {})\n\n", cap.workers, cap.queue,
                                cap.waiting_room ? "waiting room, 200 + Retry-After" : "quota page, 503");
  out += fmt::format("{:<12} {:<5} {:<26} {:>9} {:>11}\n", "endpoint", "verb", "path", "service", "max req/s");
  for (const auto& e : cap.endpoints) {
    const auto& i = info(e.endpoint);
    out += fmt::format("{:<12} {:<5} {:<26} {:>9} {:>11}\n", i.name, i.method, i.path, service_text(e.service_time),
                       rate(e.max_requests_per_s));
  }
  // The drift's columns only when there is a drift: the plain table is
  // the one users and docs know.
  const bool drift = cap.drift > 0;
  out += fmt::format("\n{:<13} {:>8} {:>9} {:>14}{}  {}\n", "journey", "requests", "service", "max journeys/s",
                     drift ? fmt::format(" {:>9} {:>9}", "min/s", "peak/s") : "", "what");
  for (const auto& j : cap.journeys) {
    out += fmt::format("{:<13} {:>8} {:>9} {:>14}{}  {}\n", j.name, fmt::format("{:g}", j.requests),
                       service_text(j.service_time), rate(j.max_journeys_per_s),
                       drift ? fmt::format(" {:>9} {:>9}", rate(j.min_journeys_per_s), rate(j.peak_journeys_per_s)) : "",
                       j.mix.empty() ? j.summary : mix_text(j.mix));
  }
  if (drift)
    out += fmt::format("\nDrift: service times x {:g} to {:g}, swinging once per {} (seed {}): the capacity moves between "
                       "min/s and peak/s; only min/s is sustained.\n",
                       1 - cap.drift, 1 + cap.drift, format_duration(cap.drift_period), cap.seed);
  out += "\nRequests of each journey, in order:\n";
  for (const auto& j : cap.journeys) {
    if (j.steps.empty()) continue;
    std::string steps;
    for (E e : j.steps) steps += fmt::format("{}{}", steps.empty() ? "" : " > ", info(e).name);
    out += fmt::format("  {:<8} {}\n", j.name, steps);
  }
  return out;
}

std::string capacity_json(const Capacity& cap) {
  namespace json = boost::json;
  auto number_or_null = [](const std::optional<double>& v) -> json::value {
    if (v) return *v;
    return nullptr;
  };
  json::object root;
  root["workers"] = cap.workers;
  root["queue"] = cap.queue;
  root["beyond_queue"] = cap.waiting_room ? "waiting-room" : "quota";
  root["drift"] = cap.drift;
  root["drift_period_s"] = seconds(cap.drift_period);
  json::array eps;
  for (const auto& e : cap.endpoints) {
    const auto& i = info(e.endpoint);
    eps.push_back(json::object{{"name", i.name},
                               {"method", i.method},
                               {"path", i.path},
                               {"service_time_ms", seconds(e.service_time) * 1e3},
                               {"max_requests_per_s", number_or_null(e.max_requests_per_s)}});
  }
  root["endpoints"] = std::move(eps);
  json::array js;
  for (const auto& j : cap.journeys) {
    json::object o{{"name", j.name},
                   {"summary", j.summary},
                   {"requests", j.requests},
                   {"service_time_ms", seconds(j.service_time) * 1e3},
                   {"max_journeys_per_s", number_or_null(j.max_journeys_per_s)},
                   {"min_journeys_per_s", number_or_null(j.min_journeys_per_s)},
                   {"peak_journeys_per_s", number_or_null(j.peak_journeys_per_s)}};
    if (!j.steps.empty()) {
      json::array steps;
      for (E e : j.steps) steps.push_back(json::string(info(e).name));
      o["steps"] = std::move(steps);
    }
    if (!j.mix.empty()) {
      json::object mix;
      for (const auto& [name, weight] : j.mix) mix[name] = weight;
      o["mix"] = std::move(mix);
    }
    js.push_back(std::move(o));
  }
  root["journeys"] = std::move(js);
  return json::serialize(root) + "\n";
}

}  // namespace rollcall::sim
