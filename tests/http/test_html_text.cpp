#include <catch2/catch.hpp>

#include <string>

#include "http/html_text.hpp"

using namespace rollcall::http;

TEST_CASE("html text: text content") {
  const std::string page = R"(<h1 class="title">
   Bonjour &amp; bienvenue  </h1><div id="count"><span>4</span>2<!-- not text --></div><p id="empty"></p>)";
  CHECK(find_text(page, "h1.title") == "Bonjour & bienvenue");
  CHECK(find_text(page, "#count") == "42");
  CHECK(find_text(page, "p#empty") == "");
  CHECK_FALSE(find_text(page, "#nothing"));
  CHECK(find_text("<template><p id=t>in template</p></template>", "#t") == std::nullopt);
}
