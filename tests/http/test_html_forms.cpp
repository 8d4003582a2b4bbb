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


// What an execution token of Apereo CAS 6 looks like: a UUID, then a long
// base64url blob.
std::string execution_token() {
  std::string token = "1f0e4b7a-93c2-4d1e-8f5a-2b6c7d8e9f01_";
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::mt19937 rng(42);
  for (int i = 0; i < 3000; ++i) token += alphabet[rng() % alphabet.size()];
  return token + "==";
}

std::string cas_login_page(const std::string& execution) {
  return R"(<!DOCTYPE html>
<html lang="fr">
<head>
  <meta charset="UTF-8"/>
  <meta name="viewport" content="width=device-width, initial-scale=1"/>
  <title>CAS &#8211; Central Authentication Service</title>
  <link rel="stylesheet" href="/cas/css/cas.css"/>
</head>
<body class="login">
<div id="container">
  <header><a class="logo" href="https://ent.example.fr/">ENT</a></header>
  <main id="content">
    <form method="post" id="fm1" action="login?service=https%3A%2F%2Fent.example.fr%2Fportal%2F&amp;locale=fr">
      <section class="cas-field">
        <label for="username">Identifiant</label>
        <input class="form-control required" id="username" size="25" tabindex="1" type="text"
               accesskey="i" autocapitalize="none" spellcheck="false" autocomplete="username" name="username" value=""/>
      </section>
      <section class="cas-field">
        <label for="password">Mot de passe</label>
        <input class="form-control required" type="password" id="password" size="25" tabindex="2"
               accesskey="m" autocomplete="off" name="password" value=""/>
        <span id="capslock-on" style="display:none;">Majuscules activées</span>
      </section>
      <div class="form-check">
        <input id="warn" name="warn" value="true" tabindex="3" type="checkbox"/>
        <label for="warn">Me prévenir avant de me connecter à d'autres sites.</label>
      </div>
      <input type="hidden" name="execution" value=")" +
         execution + R"("/>
      <input type="hidden" name="_eventId" value="submit"/>
      <input type="hidden" name="geolocation"/>
      <input class="btn btn-submit btn-block" name="submit" accesskey="l" value="SE CONNECTER" tabindex="6" type="submit"/>
      <button class="btn btn-reset" type="reset" name="reset" tabindex="7">Effacer</button>
    </form>
    <p><a class="forgot" href="/cas/login?pwdreset=true&amp;lang=fr">Mot de passe oublié ?</a></p>
  </main>
</div>
<script type="text/javascript">
  // Never a form end tag for the parser: "</form>" inside a script.
  var html = "<form></form>"; if (1 < 2 && html) { document.getElementById("username").focus(); }
</script>
</body>
</html>
)";
}

const char* const kSamlPage = R"html(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en">
<body onload="document.forms[0].submit()">
<noscript><p><strong>Note:</strong> Since your browser does not support JavaScript, you must press the Continue button once to proceed.</p></noscript>
<form method="post" action="https://ent.example.fr/saml/acs"><div>
<input type="hidden" name="SAMLResponse" value="PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJfYWJjIj48L3NhbWxwOlJlc3BvbnNlPg=="/>
<input type="hidden" name="RelayState" value="https://ent.example.fr/portal?x=1&amp;y=2"/>
</div>
<noscript><div><input type="submit" value="Continue"/></div></noscript>
</form>
</body></html>
)html";


}  // namespace

TEST_CASE("html forms: an Apereo CAS login form") {
  const auto token = execution_token();
  const auto forms = parse_forms(cas_login_page(token));
  REQUIRE(forms.size() == 1);
  const HtmlForm& f = forms[0];
  CHECK(f.id == "fm1");
  CHECK(f.action == "login?service=https%3A%2F%2Fent.example.fr%2Fportal%2F&locale=fr");  // entity decoded
  CHECK(f.method == "post");
  CHECK(f.enctype == "application/x-www-form-urlencoded");
  // Unchecked checkbox and reset button are not submitted; the named submit
  // button is, as when a user clicks it.
  CHECK(f.fields == Fields{{"username", ""},
                           {"password", ""},
                           {"execution", token},
                           {"_eventId", "submit"},
                           {"geolocation", ""},
                           {"submit", "SE CONNECTER"}});
  CHECK(select_form(forms, "#fm1") == &f);
  CHECK(find_attribute(cas_login_page(token), "input[name=execution]", "value") == token);
  CHECK(find_attribute(cas_login_page(token), "input#username", "autocomplete") == "username");
  CHECK(find_attribute(cas_login_page(token), "input[name=_eventId]", "value") == "submit");
  CHECK(find_text(cas_login_page(token), "title") == "CAS \xe2\x80\x93 Central Authentication Service");
}

TEST_CASE("html forms: an old CAS 3 page with a login ticket, laid out in a table") {
  const std::string page = R"(<html><body>
<table width="100%"><tr><td>
<form id="fm1" class="fm-v clearfix" action="/cas/login;jsessionid=8A1C?service=http%3A%2F%2Fent%2F" method="POST">
<table>
  <tr><td><label for="username">Identifiant :</label></td>
      <td><input id="username" name="username" class="required" tabindex="1" accesskey="n" type="text" value="" size="25" autocomplete="false"></td></tr>
  <tr><td><label for="password">Mot de passe :</label></td>
      <td><input id="password" name="password" class="required" tabindex="2" type="password" value="" size="25" autocomplete="off"></td></tr>
</table>
<input type="hidden" name="lt" value="LT-42-xYzAbC-cas01.example.fr">
<input type="hidden" name="execution" value="e1s1">
<input type="hidden" name="_eventId" value="submit">
<input class="btn-submit" name="submit" accesskey="l" value="SE CONNECTER" tabindex="4" type="submit">
<input class="btn-reset" name="reset" accesskey="c" value="EFFACER" tabindex="5" type="reset">
</form>
</td></tr></table>
</body></html>)";
  const auto forms = parse_forms(page);
  REQUIRE(forms.size() == 1);
  CHECK(forms[0].method == "post");
  CHECK(forms[0].action == "/cas/login;jsessionid=8A1C?service=http%3A%2F%2Fent%2F");
  CHECK(forms[0].fields == Fields{{"username", ""},
                                  {"password", ""},
                                  {"lt", "LT-42-xYzAbC-cas01.example.fr"},
                                  {"execution", "e1s1"},
                                  {"_eventId", "submit"},
                                  {"submit", "SE CONNECTER"}});
}

TEST_CASE("html forms: a SAML auto-submit page") {
  const auto forms = parse_forms(kSamlPage);
  REQUIRE(forms.size() == 1);
  const HtmlForm& f = forms[0];
  CHECK(f.method == "post");
  CHECK(f.action == "https://ent.example.fr/saml/acs");
  // The unnamed Continue button in <noscript> adds nothing.
  CHECK(f.fields == Fields{{"SAMLResponse",
                            "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJfYWJjIj48L3NhbWxwOlJlc3BvbnNlPg=="},
                           {"RelayState", "https://ent.example.fr/portal?x=1&y=2"}});
  CHECK(find_attribute(kSamlPage, "body", "onload") == "document.forms[0].submit()");
  CHECK(select_form(forms, "") == &f);
  CHECK(select_form(forms, "0") == &f);
}

TEST_CASE("html forms: which controls a form submits") {
  const std::string page = R"(<form name="prefs" action="/prefs" method="GET" enctype="TEXT/PLAIN">
 <select name="lang"><option value="en">English</option><option value="fr" selected>Fran&ccedil;ais</option></select>
 <select name="first"><option>  Premier
     choix </option><option>Second</option></select>
 <select name="none-enabled"><option disabled>x</option></select>
 <select name="multi" multiple><option value="a" selected>A</option><option value="b">B</option><option value="c" selected>C</option></select>
 <select name="listbox" size="3"><option>A</option></select>
 <select name="two-selected"><option selected>1</option><option selected>2</option></select>
 <select name="grp"><optgroup label="g" disabled><option>x</option></optgroup><option>y</option></select>
 <select name="disabled-choice"><option>a</option><option selected disabled>b</option></select>
 <select name="off" disabled><option>a</option></select>
 <textarea name="comment">
Bonjour
 &amp; au revoir</textarea>
 <input type="checkbox" name="cb1" checked><input type="checkbox" name="cb2" value="yes" checked><input type="checkbox" name="cb3" value="no">
 <input type="radio" name="r" value="1"><input type="radio" name="r" value="2" checked>
 <input name="dis" value="x" disabled>
 <fieldset disabled><legend><input name="in-legend" value="ok"></legend><input name="in-fieldset" value="no"></fieldset>
 <input name="" value="empty name"><input value="no name">
 <input type="file" name="f"><input type="image" name="img"><input type="reset" name="rs"><input type="button" name="bt" value="b">
 <input type="HIDDEN" name="_charset_">
 <input type="weird" name="w" value="like text">
 <input type="email" name="mail" value="eleve@example.fr"><input type="number" name="n" value="3"><input type="date" name="d" value="2024-01-15">
 <datalist><input name="in-datalist" value="x"></datalist>
 <button type="button" name="plain" value="no">Not a submit button</button>
 <button name="b1" value="v1">Go</button>
 <input type="submit" name="second" value="no">
</form>)";
  const auto forms = parse_forms(page);
  REQUIRE(forms.size() == 1);
  CHECK(forms[0].name == "prefs");
  CHECK(forms[0].method == "get");
  CHECK(forms[0].enctype == "text/plain");
  CHECK(forms[0].fields == Fields{{"lang", "fr"},
                                  {"first", "Premier choix"},
                                  {"multi", "a"},
                                  {"multi", "c"},
                                  {"two-selected", "2"},
                                  {"grp", "y"},
                                  {"comment", "Bonjour\n & au revoir"},
                                  {"cb1", "on"},
                                  {"cb2", "yes"},
                                  {"r", "2"},
                                  {"in-legend", "ok"},
                                  {"_charset_", "UTF-8"},
                                  {"w", "like text"},
                                  {"mail", "eleve@example.fr"},
                                  {"n", "3"},
                                  {"d", "2024-01-15"},
                                  {"b1", "v1"}});
  CHECK(select_form(forms, "prefs") == &forms[0]);
}

TEST_CASE("html forms: method, enctype and the clicked button's overrides") {
  auto form = [](const std::string& html) { return parse_forms(html).at(0); };
  CHECK(form("<form>").method == "get");
  CHECK(form("<form method=PoSt>").method == "post");
  CHECK(form("<form method=put>").method == "get");
  CHECK(form("<form method=dialog>").method == "dialog");
  CHECK(form("<form enctype=multipart/form-data>").enctype == "multipart/form-data");
  CHECK(form("<form enctype=application/json>").enctype == "application/x-www-form-urlencoded");
  CHECK(form("<form>").action.empty());
  const auto f = form(R"(<form action="/a" method="get"><input type="submit" value="no name">
      <button name="go" value="1" formaction="/b" formmethod="POST" formenctype="multipart/form-data">Go</button></form>)");
  CHECK(f.action == "/b");
  CHECK(f.method == "post");
  CHECK(f.enctype == "multipart/form-data");
  CHECK(f.fields == Fields{{"go", "1"}});
  CHECK(form("<form><input type=submit name=s disabled><input type=submit name=t value=T>").fields == Fields{{"t", "T"}});
}

TEST_CASE("html forms: which form owns a control") {
  SECTION("the form attribute") {
    const auto forms = parse_forms(R"(<form id="a" action="/a"><input name="inside" value="1"></form>
      <input name="outside" form="a" value="2">
      <input name="nowhere" form="missing" value="3">
      <div id="notform"></div><input name="notaform" form="notform">
      <form id="b"><input name="in-b-for-a" value="4" form="a"><input name="in-b" value="5"></form>)");
    REQUIRE(forms.size() == 2);
    CHECK(forms[0].fields == Fields{{"inside", "1"}, {"outside", "2"}, {"in-b-for-a", "4"}});
    CHECK(forms[1].fields == Fields{{"in-b", "5"}});
    CHECK(select_form(forms, "#b") == &forms[1]);
    CHECK(select_form(forms, "1") == &forms[1]);
    CHECK(select_form(forms, "2") == nullptr);
    CHECK(select_form(forms, "#missing") == nullptr);
    CHECK(select_form(forms, "nameless") == nullptr);
    CHECK(select_form({}, "") == nullptr);
  }
  SECTION("a form opened in a table owns the cells up to </form>") {
    const auto forms = parse_forms(R"(<table><form action="/t" method="post"><tr><td><input name="cell" value="1"></td></tr>
      </form><tr><td><input name="after" value="2"></td></tr></table><input name="out" value="3">)");
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].action == "/t");
    CHECK(forms[0].fields == Fields{{"cell", "1"}});
  }
  SECTION("a form closed in a cell still owns the next cells") {
    const auto forms = parse_forms(R"(<table><tr><td><form id="f"><input name="a" value="1"></td>
      <td><input name="b" value="2"></td></tr></table></form><input name="c" value="3">)");
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].fields == Fields{{"a", "1"}, {"b", "2"}});
  }
  SECTION("a control after </form> is not the form's, even inside it in the tree") {
    const auto forms = parse_forms(R"(<form id="q"><div><input name="a" value="1"></form><input name="b" value="2"></div>)");
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].fields == Fields{{"a", "1"}});
  }
  SECTION("a form inside a form is ignored; an unclosed form runs to the end") {
    const auto forms = parse_forms(R"(<form id="outer"><form id="inner"><input name="x" value="1"></form><input name="y">)");
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].id == "outer");
    CHECK(forms[0].fields == Fields{{"x", "1"}});
    CHECK(parse_forms("<form><input name=y value=2>")[0].fields == Fields{{"y", "2"}});
  }
  SECTION("</form> in a comment, a script or an attribute ends nothing") {
    const auto forms = parse_forms(R"(<form id="c"><!-- </form> --><script>document.write("</form>")</script>
      <input name="k" value="</form>"><textarea name="t"></form></textarea><input name="z" value="last"></form>)");
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].fields == Fields{{"k", "</form>"}, {"t", "</form>"}, {"z", "last"}});
  }
  SECTION("forms in <noscript> and <template> are not a script-running browser's") {
    const auto forms = parse_forms(R"(<body><p>Page</p><noscript><form id="n"><input name="n"></form></noscript>
      <template><form id="t"><input name="t"></form></template><form id="real"><input name="r" value="1"></form>)");
    REQUIRE(forms.size() == 1);
    CHECK(forms[0].id == "real");
  }
}

TEST_CASE("html forms: many controls naming their form by id, in linear time") {
  std::string page = "<form id=f></form><div id=f>shadowed id</div>";
  for (int i = 0; i < 20000; ++i) page += "<p id=p" + std::to_string(i) + "><input form=f name=i value=" + std::to_string(i) + ">";
  const auto start = thread_cpu_time();
  const auto forms = parse_forms(page);
  REQUIRE(forms.size() == 1);
  CHECK(forms[0].fields.size() == 20000);
  CHECK(forms[0].fields.back() == std::pair<std::string, std::string>{"i", "19999"});
  CHECK(thread_cpu_time() - start < std::chrono::seconds(10));
}
