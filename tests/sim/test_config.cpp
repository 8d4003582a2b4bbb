// Configuration checks, flag values, accounts and the bounded stores.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "common/percent_encoding.hpp"
#include "common/usage_error.hpp"
#include "sim/accounts.hpp"
#include "sim/config.hpp"
#include "sim/expiring_map.hpp"
#include "sim/form.hpp"

using namespace rollcall;
using namespace std::chrono_literals;

TEST_CASE("configurations that make no sense are refused in one line", "[sim][config]") {
  auto refused = [](auto change, const std::string& message) {
    sim::Config c;
    change(c);
    CHECK_THROWS_WITH(sim::validate(c), message);
  };
  sim::validate(sim::Config{});
  refused([](auto& c) { c.workers = 0; }, "--workers must be between 1 and 100000 (got 0)");
  refused([](auto& c) { c.queue = 20'000'000; }, "--queue must be at most 10000000 (got 20000000)");
  refused([](auto& c) { c.listen = "localhost"; }, "--listen 'localhost' is not an IP address");
  refused([](auto& c) { c.students = 0; }, "--students must be between 1 and 9999999 (got 0)");
  refused([](auto& c) { c.retry_after = 500ms; }, "--retry-after must be between 1s and 1h (browsers get whole seconds)");
  refused([](auto& c) { c.doc_size = 200'000'000; }, "--doc-size must be at most 100MB (got 200000000 bytes)");
  refused([](auto& c) { c.max_sessions = 0; }, "--max-sessions must be at least 1");
  refused([](auto& c) { c.service_time[0] = 2min; }, "service time of entry must be between 0 and 1m");
  refused([](auto& c) { c.faults.push_back({sim::FaultKind::refuse, {}, 0, 1.0, {}, {}, "refuse"}); },
          "invalid fault 'refuse'");
}

TEST_CASE("values of --service-time and --doc-size", "[sim][config]") {
  auto [endpoint, duration] = sim::parse_service_time("login-post=100ms");
  CHECK(endpoint == sim::Endpoint::login_post);
  CHECK(duration == 100ms);
  CHECK(sim::parse_service_time("health=0s").second == Duration::zero());
  for (const char* bad : {"login-post", "login=1ms", "login-post=100", "login-post=2m", "=1ms", "login-post=-1ms"}) {
    INFO(bad);
    CHECK_THROWS_AS(sim::parse_service_time(bad), UsageError);
  }
  CHECK(sim::parse_size("300KB") == 300'000);
  CHECK(sim::parse_size("1MiB") == 1'048'576);
  CHECK(sim::parse_size("1.5MB") == 1'500'000);
  CHECK(sim::parse_size("0B") == 0);
  for (const char* bad : {"300", "300kb", "-1KB", "200MB", "KB", ""}) {
    INFO(bad);
    CHECK_THROWS_AS(sim::parse_size(bad), UsageError);
  }
}

TEST_CASE("accounts follow the documented rules", "[sim][accounts]") {
  sim::Config c;
  c.students = 12'000;
  c.parents = 3;
  c.teachers = 2;
  using sim::Role;
  CHECK(sim::username({Role::student, 1}) == "student0001");
  CHECK(sim::username({Role::student, 12'000}) == "student12000");
  CHECK(sim::password({Role::teacher, 2}) == "Mdp-teacher0002");
  CHECK(sim::find_account("student0042", c)->number == 42);
  CHECK(sim::find_account("student12000", c)->number == 12'000);
  CHECK(sim::find_account("parent0003", c)->role == Role::parent);
  CHECK_FALSE(sim::find_account("parent0004", c));
  CHECK_FALSE(sim::find_account("student0000", c));
  CHECK_FALSE(sim::find_account("student42", c));
  CHECK_FALSE(sim::find_account("student00042", c));
  CHECK_FALSE(sim::find_account("admin0001", c));
  CHECK_FALSE(sim::find_account("student", c));
  // A parent's child is student ((n - 1) mod students) + 1, and shares the name.
  CHECK(sim::detail({Role::parent, 2}, c) == "student0002");
  auto child = sim::display_name({Role::student, 2}, c);
  auto parent = sim::display_name({Role::parent, 2}, c);
  CHECK(parent.substr(parent.find(' ')) == child.substr(child.find(' ')));
}

TEST_CASE("write_accounts writes three CSV files", "[sim][accounts]") {
  sim::Config c;
  c.students = 5;
  c.parents = 2;
  c.teachers = 1;
  auto dir = std::filesystem::temp_directory_path() / "rollcall-sim-accounts-test";
  std::filesystem::remove_all(dir);
  CHECK(sim::write_accounts(dir, c) == 8);
  auto read = [&](const char* name) {
    std::ifstream in(dir / name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  };
  auto students = read("students.csv");
  CHECK(students.rfind("username,password,display_name,class\nstudent0001,Mdp-student0001,", 0) == 0);
  CHECK(std::count(students.begin(), students.end(), '\n') == 6);
  CHECK(read("parents.csv").rfind("username,password,display_name,child\nparent0001,Mdp-parent0001,", 0) == 0);
  CHECK(read("parents.csv").find(",student0002\n") != std::string::npos);
  CHECK(read("teachers.csv") == "username,password,display_name,subject\nteacher0001,Mdp-teacher0001,Mme " +
                                    sim::display_name({sim::Role::teacher, 1}, c).substr(4) + ",Mathématiques\n");
  std::filesystem::remove_all(dir);
  CHECK_THROWS_AS(sim::write_accounts("/proc/rollcall-cannot-write-here", c), UsageError);
}

TEST_CASE("expiring maps expire, are single use and stay bounded", "[sim][store]") {
  using Map = sim::ExpiringMap<int>;
  auto t0 = Map::Clock::time_point{} + 1h;
  Map map(10s, 3);
  map.put("a", 1, t0);
  CHECK(*map.find("a", t0 + 9s) == 1);
  CHECK_FALSE(map.find("a", t0 + 10s));
  CHECK(map.take("a", t0 + 1s) == 1);
  CHECK_FALSE(map.take("a", t0 + 1s));  // single use

  map.put("b", 2, t0);
  CHECK_FALSE(map.take("b", t0 + 11s));  // expired
  for (int i = 0; i < 5; ++i) map.put("k" + std::to_string(i), i, t0 + 20s);
  CHECK(map.size() == 3);  // the two oldest were dropped
  CHECK_FALSE(map.find("k0", t0 + 20s));
  CHECK_FALSE(map.find("k1", t0 + 20s));
  CHECK(*map.find("k4", t0 + 20s) == 4);
  map.put("later", 9, t0 + 60s);  // the others have expired and are swept
  CHECK(map.size() == 1);

  // Many short-lived tokens, each taken at once: memory stays bounded.
  Map tokens(1h, 100);
  for (int i = 0; i < 10'000; ++i) {
    tokens.put(std::to_string(i), i, t0);
    tokens.take(std::to_string(i), t0);
  }
  CHECK(tokens.size() == 0);
}

TEST_CASE("form and cookie parsing", "[sim][form]") {
  CHECK(sim::param("a=1&service=http%3A%2F%2Fx%2F&b=c+d", "service") == "http://x/");
  CHECK(sim::param("a=1&b=c+d", "b") == "c d");
  CHECK(sim::param("a=1&flag", "flag") == "");
  CHECK_FALSE(sim::param("a=1", "b"));
  CHECK(sim::cookie("JSESSIONID=abc; TGC=TGT-1; ENTSESSION=x", "TGC") == "TGT-1");
  CHECK_FALSE(sim::cookie("JSESSIONID=abc", "TGC"));
  CHECK(percent_decoded(sim::url_encode("é & = / ?+"), true) == "é & = / ?+");
  CHECK(sim::html_escape("N'Diaye <b>") == "N&#39;Diaye &lt;b&gt;");
  CHECK(sim::base64_encode("rollcall") == "cm9sbGNhbGw=");
}
