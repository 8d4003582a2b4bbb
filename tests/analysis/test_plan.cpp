#include <catch2/catch.hpp>

#include "analysis/plan.hpp"

using namespace rollcall;
using namespace rollcall::analysis;
using namespace std::chrono_literals;

namespace {

scenario::Profile morning() {
  scenario::Profile p;
  p.points = {{450, 0.2}, {475, 1.0}, {540, 0.1}};  // 7:30, 7:55, 9:00
  return p;
}

scenario::PopulationSpec students() {
  scenario::PopulationSpec pop;
  pop.groups.push_back({"students", 1'200'000, 0.9, {}});
  return pop;
}

}  // namespace

TEST_CASE("plan: the peak minute of the morning rush against the saturation point") {
  const auto plan = plan_capacity(students(), morning(), 300);
  // Integral of the profile: 25 min x 0.6 + 65 min x 0.55 = 50.75
  CHECK(plan.logins == 1'080'000);
  CHECK(plan.peak_share == Approx(1 / 50.75));
  CHECK(plan.needed == Approx(1'080'000 / 50.75 / 60));  // 354.7/s
  CHECK(plan.margin == Approx(300 / (1'080'000 / 50.75 / 60) - 1));
  CHECK(plan.peak_minute == 475);
  CHECK(plan.sentence ==
        "1,080,000 logins (90% of 1,200,000 students) need 354.7 journeys/s at the 7:55 peak (2% of the 7:30-9:00 "
        "logins in that minute); the target saturates at 300/s: a shortfall of 15% (54.68/s missing): plan for 1.2 times "
        "the capacity.");
}

TEST_CASE("plan: a margin, and a window without a profile") {
  auto pop = students();
  pop.groups.push_back({"parents", 400'000, 0.25, {}});
  pop.window = 90min;
  pop.peak_factor = 3;
  const auto plan = plan_capacity(pop, std::nullopt, 1000);
  CHECK(plan.logins == 1'180'000);
  CHECK(plan.needed == Approx(1'180'000.0 / 5400 * 3));  // 655.6/s
  CHECK(plan.margin > 0);
  CHECK(plan.sentence.find("a margin of 53% (344.4/s to spare)") != std::string::npos);
  CHECK(plan.sentence.find("90% of 1,200,000 students and 25% of 400,000 parents") != std::string::npos);
  CHECK_FALSE(plan_capacity(students(), std::nullopt, 100).known);
}

TEST_CASE("plan: a saturation that is only a lower bound") {
  const auto plan = plan_capacity(students(), morning(), 300, true);
  CHECK(plan.sentence.find("the target held 300/s, the most this test could offer: whether it holds 354.7/s is not shown") !=
        std::string::npos);
  CHECK(plan_capacity(students(), morning(), 400, true).sentence.find("at least a margin of 13%") != std::string::npos);
}

TEST_CASE("plan: thousands separators") {
  CHECK(thousands(1200000) == "1,200,000");
  CHECK(thousands(999) == "999");
  CHECK(thousands(1000) == "1,000");
}
