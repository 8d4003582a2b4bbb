#include <catch2/catch.hpp>

#include <string>

#include "http/compiled_selector.hpp"
#include "http/html_document.hpp"
#include "http/html_forms.hpp"
#include "http/html_selector.hpp"
#include "http/html_text.hpp"

using namespace rollcall::http;
using rollcall::test::compiled;

namespace {


}  // namespace

TEST_CASE("html selector: attributes by selector") {
  const std::string page = R"(<!DOCTYPE html><html><head>
<meta http-equiv="Refresh" content="5; url=/waiting?queue=3&amp;pos=12">
<meta name="csrf-token" content="tok&#39;en&#x27;s &eacute;t&eacute;">
</head><body>
<form name="fm1" action="/login"><input id="execution" name="execution" value="e2s1"></form>
<div class="files"><a href="/docs/1.pdf">one</a><a class="btn download primary" href="/docs/2.pdf" data-id="2" title="a b">two</a></div>
<span lang="fr-FR" id="j_idt12:username">x</span>
<svg viewBox="0 0 10 10"><path d="M0 0"/></svg>
<my-widget data-state="ready"></my-widget>
</body></html>)";
  CHECK(find_attribute(page, "meta[http-equiv=refresh]", "content") == "5; url=/waiting?queue=3&pos=12");
  CHECK(find_attribute(page, "meta[name='csrf-token']", "content") == "tok'en's \xc3\xa9t\xc3\xa9");
  CHECK(find_attribute(page, "input#execution", "value") == "e2s1");
  CHECK(find_attribute(page, "INPUT#execution", "VALUE") == "e2s1");
  CHECK(find_attribute(page, "form[name=fm1]", "action") == "/login");
  CHECK(find_attribute(page, "a.download", "href") == "/docs/2.pdf");
  CHECK(find_attribute(page, ".download.primary", "href") == "/docs/2.pdf");
  CHECK(find_attribute(page, "a", "href") == "/docs/1.pdf");  // the first in document order
  CHECK(find_attribute(page, "[data-id]", "href") == "/docs/2.pdf");
  CHECK(find_attribute(page, "a[title=\"a b\"]", "data-id") == "2");
  CHECK(find_attribute(page, "a[ href ^= '/docs/2' ]", "title") == "a b");
  CHECK(find_attribute(page, "a[href$='.pdf']", "href") == "/docs/1.pdf");
  CHECK(find_attribute(page, "a[href*=\"s/2\"]", "href") == "/docs/2.pdf");
  CHECK(find_attribute(page, "a[class~=primary]", "href") == "/docs/2.pdf");
  CHECK(find_attribute(page, "span[lang|=fr]", "id") == "j_idt12:username");
  CHECK(find_attribute(page, "#j_idt12:username", "lang") == "fr-FR");
  CHECK(find_attribute(page, "*[data-state]", "data-state") == "ready");
  CHECK(find_attribute(page, "my-widget", "data-state") == "ready");
  CHECK(find_attribute(page, "svg", "viewbox") == "0 0 10 10");
  CHECK(find_attribute(page, "path", "d") == "M0 0");

  CHECK_FALSE(find_attribute(page, "a.missing", "href"));
  CHECK_FALSE(find_attribute(page, "a", "download"));            // the first <a> has no such attribute
  CHECK_FALSE(find_attribute(page, "a[class=download]", "href"));  // = compares the whole value
  CHECK_FALSE(find_attribute(page, "a[href^='']", "href"));        // empty prefixes match nothing
  CHECK_FALSE(find_attribute(page, "div p", "x"));                 // an invalid selector finds nothing

  const HtmlDocument doc(page);  // parsed once, asked many times
  CHECK(doc.error().empty());
  CHECK(find_attribute(doc, compiled("meta[http-equiv=REFRESH]"), "content").has_value());
  CHECK(find_text(doc, compiled("a.download")) == "two");
  CHECK(forms_of(doc).size() == 1);
}

TEST_CASE("html selector: selectors are checked at load time") {
  std::string error;
  for (const char* good : {"input#execution", "meta[http-equiv=refresh]", "form[name=fm1]", "a.download", "*",
                           "[data-id]", "#form:username", "[ name = 'x' ]", "a[href^=\"/docs/\"]", "  td.grade  ",
                           "x-custom[data-a|=en]", "[a~=b][c$=d][e*=f]"}) {
    INFO(good);
    CHECK(HtmlSelector::parse(good, &error).has_value());
  }
  auto why = [&](std::string_view s) {
    error.clear();
    CHECK_FALSE(HtmlSelector::parse(s, &error).has_value());
    return error;
  };
  CHECK(why("") == "empty selector");
  CHECK(why("   ") == "empty selector");
  CHECK(why("input[name") == "unbalanced '['");
  CHECK(why("input[name=x") == "unbalanced '['");
  CHECK(why("a]") == "unbalanced ']'");
  CHECK(why("div p").find("no spaces, combinators or lists") != std::string::npos);
  CHECK(why("div>p").find("combinators") != std::string::npos);
  CHECK(why("a,b").find("lists") != std::string::npos);
  CHECK(why("a:hover") == "pseudo-classes (':...') are not supported");
  CHECK(why("#") == "expected a name after '#'");
  CHECK(why("a.") == "expected a name after '.'");
  CHECK(why("[=x]") == "expected an attribute name after '['");
  CHECK(why("[a=]") == "expected a value after '='");
  CHECK(why("[a^=]") == "expected a value after '^='");
  CHECK(why("[a='x]") == "unterminated quoted value");
  CHECK(why("[a x]") == "unexpected 'x' in [a...]");
  CHECK(why("[a='x' y]") == "expected ']' instead of 'y'");
  CHECK(why("a$") == "unexpected '$' at offset 1");
  CHECK_FALSE(HtmlSelector::parse("[").has_value());  // no error wanted: fine too
}
