#include <catch2/catch.hpp>

#include <random>
#include <string>

#include "http/compiled_selector.hpp"
#include "http/html_document.hpp"
#include "http/html_forms.hpp"
#include "http/html_selector.hpp"
#include "http/html_text.hpp"
#include "support/thread_cpu_time.hpp"

using namespace rollcall::http;
using rollcall::test::compiled;
using rollcall::test::thread_cpu_time;
using Fields = std::vector<std::pair<std::string, std::string>>;

namespace {


}  // namespace

TEST_CASE("html document: garbage and hostile pages") {
  SECTION("nothing breaks it") {
    for (const char* page : {"", "<", "</", "<form", "<form action='", "<<<>>>", "&amp", "<!--", "<![CDATA[",
                             "<table><form><tr><td><input name=a", "<select><option>x<input name=i>",
                             "<form><select name=s>", "<form><textarea name=t>unclosed", "\xff\xfe<form>\x80",
                             "<svg><form><input name=x></svg>", "<math><mi><form></form></mi></math>"}) {
      INFO(page);
      CHECK_NOTHROW(parse_forms(page));
      CHECK_NOTHROW(find_attribute(page, "input", "name"));
      CHECK_NOTHROW(find_text(page, "form"));
    }
    const std::string nuls("<form>\0<input name=\0a value=b>\0", 32);
    CHECK_NOTHROW(parse_forms(nuls));
  }
  SECTION("random markup") {
    const char* tags[] = {"form", "input", "select", "option", "textarea", "table", "tr", "td", "div", "p", "b",
                          "a", "i", "template", "noscript", "svg", "math", "button", "fieldset", "legend", "script"};
    std::mt19937 rng(2024);
    for (int round = 0; round < 300; ++round) {
      std::string page;
      for (int k = 0; k < 200; ++k) {
        const std::string tag = tags[rng() % std::size(tags)];
        switch (rng() % 6) {
          case 0: page += "<" + tag + " name=n" + std::to_string(rng() % 5) + " form=f>"; break;
          case 1: page += "</" + tag + ">"; break;
          case 2: page += "<" + tag + " id=f value='v&amp;" + std::to_string(k) + "'>"; break;
          case 3: page += "text "; break;
          case 4: page += "<" + tag + "/>"; break;
          default: page += static_cast<char>(rng() % 256); break;
        }
      }
      const HtmlDocument doc(page);
      CHECK_NOTHROW(forms_of(doc));
      CHECK_NOTHROW(find_attribute(doc, compiled("[name]"), "name"));
    }
  }
  SECTION("a 1 MB page parses in linear time") {
    std::string page = "<!DOCTYPE html><html><body><table>";
    int i = 0;
    while (page.size() < (1 << 20))
      page += "<tr><td class=\"c\"><a href=\"/doc?id=" + std::to_string(i++) + "&amp;v=2\">Document &eacute;</a><td>" +
              "<b>12/20<td><span>ok\n";
    page += "</table><form id=\"last\" method=post><input type=hidden name=token value=end></form></body></html>";
    const auto start = thread_cpu_time();
    const HtmlDocument doc(page);
    const auto forms = forms_of(doc);
    const auto elapsed = thread_cpu_time() - start;
    CHECK(doc.error().empty());
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].fields == Fields{{"token", "end"}});
    CHECK(find_attribute(doc, compiled("a"), "href") == "/doc?id=0&v=2");
    CHECK(elapsed < std::chrono::seconds(10));  // ~0.2 s; minutes if quadratic
  }
  SECTION("pages gumbo would parse in quadratic time are refused, quickly") {
    auto repeat = [](std::string_view unit) {
      std::string s;
      while (s.size() < (1 << 20)) s += unit;
      return s;
    };
    std::string many_attributes = "<div ";
    for (int i = 0; many_attributes.size() < (1 << 20); ++i) many_attributes += "a" + std::to_string(i) + "=1 ";
    std::string reopened = "<p>";
    for (int i = 0; i < 20; ++i) reopened += "<b id=" + std::to_string(i) + ">";
    reopened += "</p>" + repeat("<div>x</div>");
    const std::pair<std::string, std::string> cases[] = {
        {repeat("<div>"), "elements nested more than 512 deep"},
        {repeat("<b>"), "elements nested more than 512 deep"},
        {repeat("<table><tr><td>"), "elements nested more than 512 deep"},
        {repeat("<foo><div></foo>"), "elements nested more than 512 deep"},
        {repeat("<b><div></b>"), "elements nested more than 512 deep"},
        {repeat("<div/>"), "elements nested more than 512 deep"},
        {many_attributes, "a tag with more than 512 attributes"},
        {reopened, "formatting elements reopened too many times"},
        {"<frameset><frame src=a></frameset>", "framesets are not supported"},
    };
    for (const auto& [page, error] : cases) {
      INFO(page.substr(0, 40));
      const auto start = thread_cpu_time();
      const HtmlDocument doc(page);
      CHECK(doc.error() == error);
      CHECK(forms_of(doc).empty());
      CHECK_FALSE(find_attribute(doc, compiled("div"), "id"));
      CHECK(thread_cpu_time() - start < std::chrono::seconds(5));
    }
    CHECK(HtmlDocument(std::string(HtmlDocument::max_bytes + 1, ' ')).error() == "page larger than 16 MiB");
  }
  SECTION("sloppy but ordinary markup is not refused") {
    std::string page = "<html><body><form id=f><ul>";
    for (int i = 0; i < 2000; ++i)
      page += "<li><p>item <font color=red>" + std::to_string(i) + "<td><div>x</td><option>o<input name=i" +
              std::to_string(i % 3) + " value=" + std::to_string(i) + ">";
    const HtmlDocument doc(page);
    CHECK(doc.error().empty());
    REQUIRE(forms_of(doc).size() == 1);
    CHECK(forms_of(doc)[0].fields.size() == 2000);
  }
  SECTION("a page outlives the string it came from") {
    auto make = [] { return HtmlDocument(std::string("<form id=x><input name=a value=b></form>")); };
    HtmlDocument doc = make();
    CHECK(forms_of(doc).at(0).fields == Fields{{"a", "b"}});
    HtmlDocument moved = std::move(doc);
    CHECK(forms_of(moved).at(0).id == "x");
  }
}
