#pragma once
// The capacity a configuration implies, computed rather than measured: with
// W workers, an endpoint whose requests each hold a worker for S seconds
// serves at most W / S requests/s, and a journey whose requests add up to
// T seconds of service completes at most W / T times per second. This is the
// ground truth that rollcall's capacity search is checked against.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/duration.hpp"
#include "sim/endpoint.hpp"

namespace rollcall::sim {

struct Config;

// A canonical journey: the requests one user sends, in order. Scenario files
// (scenarios/*.yaml) follow these; a mix is a weighted choice of journeys.
struct Journey {
  std::string name;
  std::string summary;
  std::vector<Endpoint> steps;                     // empty for a mix
  std::vector<std::pair<std::string, double>> mix;  // journey name, weight (sums to 1)
};

// student, parent (through the SAML hop when config.saml), teacher and
// morning-rush (80% student, 15% parent, 5% teacher).
std::vector<Journey> journeys(const Config& config);

struct EndpointCapacity {
  Endpoint endpoint{};
  Duration service_time{};
  std::optional<double> max_requests_per_s;  // none: no service time, no limit
};

struct JourneyCapacity {
  std::string name;
  std::string summary;
  double requests = 0;      // per journey (a mean, for a mix)
  Duration service_time{};  // summed over the journey (a mean, for a mix)
  std::optional<double> max_journeys_per_s;  // at the nominal service times
  // With --drift: the capacity at the slowest moment, W / (T * (1 + drift)),
  // and at the fastest, W / (T * (1 - drift)); both equal max_journeys_per_s
  // without drift. A search can only promise the lower one.
  std::optional<double> min_journeys_per_s;
  std::optional<double> peak_journeys_per_s;
  std::vector<Endpoint> steps;
  std::vector<std::pair<std::string, double>> mix;
};

struct Capacity {
  std::size_t workers = 0;
  std::size_t queue = 0;
  bool waiting_room = false;
  double drift = 0;  // service times wander within [1 - drift, 1 + drift]
  Duration drift_period{};
  std::uint64_t seed = 0;
  std::vector<EndpointCapacity> endpoints;
  std::vector<JourneyCapacity> journeys;

  const EndpointCapacity& endpoint(Endpoint e) const;
  const JourneyCapacity* journey(std::string_view name) const;
};

Capacity describe_capacity(const Config& config);

// A table for people, and the same figures as one JSON document.
std::string format_capacity(const Capacity& capacity);
std::string capacity_json(const Capacity& capacity);

}  // namespace rollcall::sim
