// --describe's arithmetic: the ground truth of capacity searches.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "sim/capacity.hpp"
#include "sim/config.hpp"

using namespace rollcall;
using namespace std::chrono_literals;
using sim::Endpoint;

namespace {

void set(sim::Config& c, Endpoint e, Duration d) { c.service_time[static_cast<std::size_t>(e)] = d; }

}  // namespace

TEST_CASE("an endpoint serves workers / service time requests per second", "[sim][capacity]") {
  sim::Config config;
  config.workers = 2;
  set(config, Endpoint::login_post, 100ms);
  auto cap = sim::describe_capacity(config);
  CHECK(*cap.endpoint(Endpoint::login_post).max_requests_per_s == Approx(20.0));
  CHECK(*cap.endpoint(Endpoint::portal).max_requests_per_s == Approx(2 / 0.020));
  CHECK_FALSE(cap.endpoint(Endpoint::health).max_requests_per_s);  // zero service time: no limit
  CHECK(cap.endpoints.size() == sim::endpoint_count);
}

TEST_CASE("a journey completes workers / its total service time times per second", "[sim][capacity]") {
  sim::Config config;  // defaults: 16 workers
  auto cap = sim::describe_capacity(config);

  // student: entry 2 + form 5 + post 60 + ticket 10 + portal 20 + timeline 10
  // + homework 8 + messages 12 + document 5 + submit 30 + logout 3 = 165 ms.
  const auto* student = cap.journey("student");
  REQUIRE(student);
  CHECK(student->requests == 11);
  CHECK(student->service_time == 165ms);
  CHECK(*student->max_journeys_per_s == Approx(16 / 0.165));

  // parent: 2 + 5 + 60 + 10 + 20 + 10 + 12 + 8 + 3 = 130 ms.
  const auto* parent = cap.journey("parent");
  REQUIRE(parent);
  CHECK(parent->requests == 9);
  CHECK(parent->service_time == 130ms);
  CHECK(*parent->max_journeys_per_s == Approx(16 / 0.130));

  // teacher: 2 + 5 + 60 + 10 + 20 + 10 + 12 + 12 + 12 + 8 + 5 + 5 + 25 + 3 = 189 ms.
  const auto* teacher = cap.journey("teacher");
  REQUIRE(teacher);
  CHECK(teacher->requests == 14);
  CHECK(teacher->service_time == 189ms);

  // The mix shares the workers: W / (0.80 * 0.165 + 0.15 * 0.130 + 0.05 * 0.189).
  const auto* rush = cap.journey("morning-rush");
  REQUIRE(rush);
  const double mean_service = 0.80 * 0.165 + 0.15 * 0.130 + 0.05 * 0.189;
  CHECK(*rush->max_journeys_per_s == Approx(16 / mean_service));
  CHECK(*rush->max_journeys_per_s == Approx(99.410).epsilon(1e-4));
  CHECK(rush->requests == Approx(0.80 * 11 + 0.15 * 9 + 0.05 * 14));
  CHECK(rush->mix.size() == 3);
}

TEST_CASE("with --saml the parent journey includes the SAML hop", "[sim][capacity]") {
  sim::Config config;
  config.saml = true;
  config.workers = 4;
  set(config, Endpoint::saml_acs, 20ms);
  auto cap = sim::describe_capacity(config);
  const auto* parent = cap.journey("parent");
  CHECK(parent->requests == 10);
  CHECK(parent->service_time == 150ms);
  CHECK(*parent->max_journeys_per_s == Approx(4 / 0.150));
  auto steps = parent->steps;
  CHECK(std::find(steps.begin(), steps.end(), Endpoint::saml_acs) != steps.end());
}

TEST_CASE("service time overrides change the figures", "[sim][capacity]") {
  sim::Config config;
  config.workers = 10;
  config.service_time.fill(Duration::zero());
  set(config, Endpoint::login_post, 500ms);
  auto cap = sim::describe_capacity(config);
  // Only the login POST costs anything: every journey logs in once.
  CHECK(*cap.journey("student")->max_journeys_per_s == Approx(20.0));
  CHECK(*cap.journey("morning-rush")->max_journeys_per_s == Approx(20.0));
  config.service_time.fill(Duration::zero());
  CHECK_FALSE(sim::describe_capacity(config).journey("student")->max_journeys_per_s);
}

TEST_CASE("the table and the JSON carry the same figures", "[sim][capacity]") {
  sim::Config config;
  config.workers = 2;
  set(config, Endpoint::login_post, 100ms);
  auto cap = sim::describe_capacity(config);

  auto table = sim::format_capacity(cap);
  CHECK(table.find("Capacity: 2 workers, queue 128") != std::string::npos);
  CHECK(table.find("login-post   POST  /cas/login") != std::string::npos);
  CHECK(table.find("20.0") != std::string::npos);
  CHECK(table.find("morning-rush") != std::string::npos);
  CHECK(table.find("unbounded") != std::string::npos);

  auto json = boost::json::parse(sim::capacity_json(cap)).as_object();
  CHECK(json.at("workers").as_int64() == 2);
  CHECK(json.at("beyond_queue").as_string() == "quota");
  const auto& endpoints = json.at("endpoints").as_array();
  REQUIRE(endpoints.size() == sim::endpoint_count);
  const auto& post = endpoints[static_cast<std::size_t>(Endpoint::login_post)].as_object();
  CHECK(post.at("name").as_string() == "login-post");
  CHECK(post.at("max_requests_per_s").as_double() == Approx(20.0));
  CHECK(endpoints[static_cast<std::size_t>(Endpoint::health)].as_object().at("max_requests_per_s").is_null());
  const auto& journeys = json.at("journeys").as_array();
  REQUIRE(journeys.size() == 4);
  CHECK(journeys[0].as_object().at("steps").as_array().size() == 11);
  CHECK(journeys[3].as_object().at("mix").as_object().at("student").as_double() == Approx(0.8));
  CHECK(journeys[3].as_object().at("max_journeys_per_s").as_double() ==
        Approx(*cap.journey("morning-rush")->max_journeys_per_s));
}
