#include "http/html_nesting_guard.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <gumbo.h>

#include "http/html_document.hpp"
#include "http/html_tree.hpp"

namespace rollcall::http {

namespace {

using html::iequals;
using html::is_space;
using html::lower;

bool is_void(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_BR: case GUMBO_TAG_COL: case GUMBO_TAG_EMBED: case GUMBO_TAG_HR: case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE: case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_LINK:
    case GUMBO_TAG_META: case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR: case GUMBO_TAG_FRAME: case GUMBO_TAG_MENUITEM: case GUMBO_TAG_ISINDEX:
      return true;
    default:
      return false;
  }
}

bool is_formatting(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_CODE: case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_NOBR: case GUMBO_TAG_S: case GUMBO_TAG_SMALL:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG: case GUMBO_TAG_TT: case GUMBO_TAG_U:
      return true;
    default:
      return false;
  }
}

// HTML elements that bound "has an element in scope".
bool is_scope_boundary(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_APPLET: case GUMBO_TAG_CAPTION: case GUMBO_TAG_HTML: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

// HTML elements of the "special" category.
bool is_special(GumboTag t) {
  if (is_void(t) || is_scope_boundary(t)) return true;
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY: case GUMBO_TAG_BUTTON: case GUMBO_TAG_CENTER: case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_DD: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_FORM: case GUMBO_TAG_FRAMESET: case GUMBO_TAG_H1:
    case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6:
    case GUMBO_TAG_HEAD: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_LI: case GUMBO_TAG_LISTING: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_OL:
    case GUMBO_TAG_P: case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_PRE: case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SELECT: case GUMBO_TAG_STYLE: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TBODY: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TFOOT: case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TR: case GUMBO_TAG_UL: case GUMBO_TAG_XMP: case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// Start tags that close an open <p> first.
bool closes_p(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_UL: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_PRE: case GUMBO_TAG_LISTING: case GUMBO_TAG_FORM:
    case GUMBO_TAG_PLAINTEXT: case GUMBO_TAG_TABLE: case GUMBO_TAG_HR: case GUMBO_TAG_XMP:
    case GUMBO_TAG_LI: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
      return true;
    default:
      return false;
  }
}

// Elements whose end tag may be omitted, closed by "generate implied end tags".
bool has_implied_end_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_P: case GUMBO_TAG_RB: case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_RTC:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag t) { return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6; }

// End tags that close their element "in scope", through other special
// elements; every other end tag stops at the first special element.
bool closes_in_scope(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_ASIDE: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BUTTON: case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_DIR: case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL: case GUMBO_TAG_FIELDSET: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_HEADER: case GUMBO_TAG_HGROUP: case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_MENU: case GUMBO_TAG_NAV: case GUMBO_TAG_OL: case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_SUMMARY: case GUMBO_TAG_UL: case GUMBO_TAG_DD: case GUMBO_TAG_DT:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
    case GUMBO_TAG_H6: case GUMBO_TAG_APPLET: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

// Elements that put a marker on the list of active formatting elements.
bool is_marker(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_APPLET: case GUMBO_TAG_MARQUEE: case GUMBO_TAG_OBJECT: case GUMBO_TAG_TD:
    case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: case GUMBO_TAG_TEMPLATE:
      return true;
    default:
      return false;
  }
}

bool is_table_part(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_CAPTION: case GUMBO_TAG_COLGROUP:
      return true;
    default:
      return false;
  }
}

// Whose content the tokenizer reads as text up to the matching end tag.
bool is_raw_text(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TITLE:
      return true;
    default:
      return false;
  }
}

// HTML start tags that end SVG or MathML content.
bool breaks_out_of_foreign(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY: case GUMBO_TAG_BR:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_CODE: case GUMBO_TAG_DD: case GUMBO_TAG_DIV: case GUMBO_TAG_DL:
    case GUMBO_TAG_DT: case GUMBO_TAG_EM: case GUMBO_TAG_EMBED: case GUMBO_TAG_H1: case GUMBO_TAG_H2:
    case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_HR: case GUMBO_TAG_I: case GUMBO_TAG_IMG: case GUMBO_TAG_LI: case GUMBO_TAG_LISTING:
    case GUMBO_TAG_MENU: case GUMBO_TAG_META: case GUMBO_TAG_NOBR: case GUMBO_TAG_OL: case GUMBO_TAG_P:
    case GUMBO_TAG_PRE: case GUMBO_TAG_RUBY: case GUMBO_TAG_S: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG: case GUMBO_TAG_STRIKE: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP:
    case GUMBO_TAG_TABLE: case GUMBO_TAG_TT: case GUMBO_TAG_U: case GUMBO_TAG_UL: case GUMBO_TAG_VAR:
      return true;
    default:
      return false;
  }
}

class NestingGuard {
 public:
  explicit NestingGuard(std::string_view html) : s_(html) {}

  // Empty when gumbo may parse the page, else why not.
  std::string run() {
    std::size_t pos = 0;
    while (error_.empty() && pos < s_.size()) {
      const std::size_t lt = s_.find('<', pos);
      if (lt != pos) text(s_.substr(pos, lt == npos ? npos : lt - pos));
      if (lt == npos) break;
      pos = markup(lt);
    }
    return error_;
  }

 private:
  struct Tag {
    std::string_view name;
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    bool self_closing = false;
    std::size_t attributes = 0;
    std::uint64_t attributes_hash = 0;  // order-insensitive, for the "Noah's Ark" clause
    bool font_attributes = false;       // color, face or size: a <font> that leaves SVG and MathML
    // Right after a "</>", which emits no token: gumbo then takes the "</>"
    // into the tag's original text, by which it matches SVG and MathML end
    // tags to their elements.
    bool glued = false;
    bool bare = false;  // an end tag with nothing between its name and '>'
  };
  enum class Ns : std::uint8_t { html, svg, math };
  struct Open {
    GumboTag tag;
    std::string_view name;
    Ns ns;
    std::uint32_t id;  // which element: a list entry names one element, not a tag
    // Its depth in gumbo's tree, at most: an element removed from the middle
    // of the stack (an <a> reopened, a </form>) leaves its descendants as
    // deep as they were, so the tree can be deeper than the stack is tall.
    std::uint32_t depth;
    bool foreign() const { return ns != Ns::html; }
  };

  // SVG and MathML elements that bound scopes, are special, and whose
  // children are HTML again.
  static bool foreign_boundary(const Open& o) {
    switch (o.ns) {
      case Ns::svg:
        return o.tag == GUMBO_TAG_FOREIGNOBJECT || o.tag == GUMBO_TAG_DESC || o.tag == GUMBO_TAG_TITLE;
      case Ns::math:
        return o.tag == GUMBO_TAG_MI || o.tag == GUMBO_TAG_MO || o.tag == GUMBO_TAG_MN || o.tag == GUMBO_TAG_MS ||
               o.tag == GUMBO_TAG_MTEXT || o.tag == GUMBO_TAG_ANNOTATION_XML;
      default:
        return false;
    }
  }
  static bool boundary(const Open& o) { return o.ns == Ns::html ? is_scope_boundary(o.tag) : foreign_boundary(o); }
  static bool special(const Open& o) { return o.ns == Ns::html ? is_special(o.tag) : foreign_boundary(o); }
  static bool is_html(const Open& o, GumboTag t) { return o.ns == Ns::html && o.tag == t; }
  struct Formatting {
    GumboTag tag;  // GUMBO_TAG_LAST for a marker
    std::uint64_t attributes_hash;
    std::uint32_t id;
  };
  static constexpr std::size_t npos = std::string_view::npos;
  static constexpr std::size_t implied_elements = 2;

  // Reads the markup at s_[lt] == '<'; returns where reading goes on.
  std::size_t markup(std::size_t lt) {
    const std::size_t p = lt + 1;
    if (p >= s_.size()) return s_.size();
    const char c = s_[p];
    if (c == '!') {
      if (s_.compare(p, 3, "!--") == 0) return after_comment(p + 3);
      if (iequals(s_.substr(p, 8), "!doctype")) {
        if (initial_) doctype(lt);
        initial_ = false;
      }
      if (in_foreign() && s_.compare(p, 8, "![CDATA[") == 0) return after(s_.find("]]>", p), 3);
      return after(s_.find('>', p), 1);
    }
    if (c == '?') return after(s_.find('>', p), 1);
    if (c == '/') {
      if (p + 1 < s_.size() && is_alpha(s_[p + 1])) {
        Tag tag;
        tag.glued = lt == after_empty_end_tag_;
        const std::size_t end = read_tag(p + 1, tag);
        if (too_many_attributes(tag)) return s_.size();
        if (end != npos) {
          tag.bare = s_[p + 1 + tag.name.size()] == '>';
          end_tag(tag);
        }
        return end == npos ? s_.size() : end;
      }
      if (p + 1 < s_.size() && s_[p + 1] == '>') after_empty_end_tag_ = p + 2;
      return after(s_.find('>', p), 1);
    }
    if (!is_alpha(c)) {
      text("<");
      return p;
    }
    Tag tag;
    tag.glued = lt == after_empty_end_tag_;
    std::size_t end = read_tag(p, tag);
    if (too_many_attributes(tag) || end == npos) return s_.size();
    const std::size_t made = open_.size();
    start_tag(tag);
    check_depth();
    // The tokenizer reads raw text only after an HTML element was inserted
    // (a <title> inside a <select> is ignored, and so is its effect).
    const bool inserted = open_.size() > made && !stack_.empty() && is_html(stack_.back(), tag.tag);
    if (inserted && tag.tag == GUMBO_TAG_PLAINTEXT) return s_.size();
    if (inserted && is_raw_text(tag.tag)) end = end_of_raw_text(end, tag.name);
    return end;
  }

  // Gumbo checks each attribute against the tag's others, end tags and tags
  // cut by the end of the page included.
  bool too_many_attributes(const Tag& tag) {
    if (tag.attributes > HtmlDocument::max_attributes) error_ = "a tag with more than 512 attributes";
    return !error_.empty();
  }

  // The stack's height, or the current node's depth in the tree when that
  // is more (what gumbo's scope checks walk, and what its tree holds). The
  // list of active formatting elements counts as if all of it were
  // reopened at once, which the parser may do. So do the html element and
  // the head or body, which the parser opens whether the page writes them
  // or not (this stack leaves them out).
  void check_depth() {
    const std::size_t deepest = stack_.empty() ? 0 : std::max<std::size_t>(stack_.size(), stack_.back().depth);
    if (error_.empty() && implied_elements + deepest + formatting_.size() > HtmlDocument::max_depth)
      error_ = "elements nested more than 512 deep";
  }

  static bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  std::size_t after(std::size_t found, std::size_t length) const {
    return found == npos ? s_.size() : found + length;
  }

  // A comment ends at "-->" or "--!>"; "<!-->" and "<!--->" are empty ones.
  std::size_t after_comment(std::size_t p) const {
    if (s_.compare(p, 1, ">") == 0) return p + 1;
    if (s_.compare(p, 2, "->") == 0) return p + 2;
    for (std::size_t d = s_.find("--", p); d != npos; d = s_.find("--", d + 1)) {
      if (s_.compare(d + 2, 1, ">") == 0) return d + 3;
      if (s_.compare(d + 2, 2, "!>") == 0) return d + 4;
    }
    return s_.size();
  }

  // Where the text of a <script>, <textarea>... ends: at its end tag.
  std::size_t end_of_raw_text(std::size_t p, std::string_view name) const {
    for (std::size_t lt = s_.find("</", p); lt != npos; lt = s_.find("</", lt + 2)) {
      const std::size_t after_name = lt + 2 + name.size();
      if (after_name <= s_.size() && iequals(s_.substr(lt + 2, name.size()), name) &&
          (after_name == s_.size() || is_space(s_[after_name]) || s_[after_name] == '/' || s_[after_name] == '>'))
        return lt;
    }
    return s_.size();
  }

  // The tokenizer's tag states: the name, then attributes, quotes honoured.
  // Returns the position after '>', or npos at the end of the input.
  std::size_t read_tag(std::size_t p, Tag& tag) const {
    const std::size_t start = p;
    while (p < s_.size() && !is_space(s_[p]) && s_[p] != '/' && s_[p] != '>') ++p;
    tag.name = s_.substr(start, p - start);
    tag.tag = gumbo_tagn_enum(tag.name.data(), static_cast<unsigned>(tag.name.size()));
    for (;;) {
      while (p < s_.size() && is_space(s_[p])) ++p;
      if (p >= s_.size()) return npos;
      if (s_[p] == '>') return p + 1;
      if (s_[p] == '/') {
        if (++p < s_.size() && s_[p] == '>') {
          tag.self_closing = true;
          return p + 1;
        }
        continue;
      }
      const std::size_t name_start = p++;  // a leading '=' belongs to the name
      while (p < s_.size() && !is_space(s_[p]) && s_[p] != '/' && s_[p] != '>' && s_[p] != '=') ++p;
      const auto name = s_.substr(name_start, p - name_start);
      while (p < s_.size() && is_space(s_[p])) ++p;
      std::string_view value;
      if (p < s_.size() && s_[p] == '=') {
        ++p;
        while (p < s_.size() && is_space(s_[p])) ++p;
        if (p >= s_.size()) return npos;
        if (s_[p] == '"' || s_[p] == '\'') {
          const std::size_t close = s_.find(s_[p], p + 1);
          if (close == npos) return npos;
          value = s_.substr(p + 1, close - p - 1);
          p = close + 1;
        } else {
          const std::size_t value_start = p;
          while (p < s_.size() && !is_space(s_[p]) && s_[p] != '>') ++p;
          value = s_.substr(value_start, p - value_start);
        }
      }
      ++tag.attributes;
      tag.attributes_hash += hash(name, value);
      tag.font_attributes = tag.font_attributes || iequals(name, "color") || iequals(name, "face") || iequals(name, "size");
    }
  }

  static std::uint64_t hash(std::string_view name, std::string_view value) {
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a
    for (char c : name) h = (h ^ static_cast<unsigned char>(lower(c))) * 1099511628211ULL;
    h = (h ^ '=') * 1099511628211ULL;
    for (char c : value) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    return h;
  }

  static bool breaks_out(const Tag& tag) {
    return tag.tag == GUMBO_TAG_FONT ? tag.font_attributes : breaks_out_of_foreign(tag.tag);
  }

  bool in_foreign() const { return !stack_.empty() && stack_.back().foreign() && !foreign_boundary(stack_.back()); }

  // Index of the topmost open element satisfying `want`, looking no deeper
  // than the first satisfying `stop`.
  template <class Want, class Stop>
  std::size_t find_open(Want want, Stop stop) const {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (want(stack_[i])) return i;
      if (stop(stack_[i])) return npos;
    }
    return npos;
  }

  std::size_t find_id(std::uint32_t id) const {
    return open_[id] ? find_open([&](const Open& o) { return o.id == id; }, [](const Open&) { return false; }) : npos;
  }

  void push(const Tag& tag, Ns ns) {
    // A foreign element whose start tag was glued to a "</>" has, for gumbo,
    // a name no end tag matches.
    const std::string_view name = ns != Ns::html && tag.glued ? std::string_view{} : tag.name;
    const std::uint32_t depth = stack_.empty() ? 1 : stack_.back().depth + 1;
    stack_.push_back({tag.tag, name, ns, static_cast<std::uint32_t>(open_.size()), depth});
    open_.push_back(true);
  }

  void pop() {
    if (is_marker(stack_.back().tag)) clear_formatting_to_marker();
    open_[stack_.back().id] = false;
    stack_.pop_back();
  }

  void pop_if_top(GumboTag tag) {
    if (!stack_.empty() && is_html(stack_.back(), tag)) pop();
  }

  // Pops stack_[index] and everything above it.
  void pop_to(std::size_t index) {
    while (stack_.size() > index) pop();
  }

  void clear_formatting_to_marker() {
    while (!formatting_.empty()) {
      const bool marker = formatting_.back().tag == GUMBO_TAG_LAST;
      formatting_.pop_back();
      if (marker) return;
    }
  }

  bool pop_if_found(GumboTag want, bool (*stop)(const Open&)) {
    const auto i = find_open([&](const Open& o) { return is_html(o, want); }, stop);
    if (i != npos) pop_to(i);
    return i != npos;
  }

  static bool is_row_group(GumboTag t) {
    return t == GUMBO_TAG_TBODY || t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TFOOT;
  }
  static bool button_scope(const Open& o) { return boundary(o) || is_html(o, GUMBO_TAG_BUTTON); }
  static bool list_scope(const Open& o) { return boundary(o) || is_html(o, GUMBO_TAG_OL) || is_html(o, GUMBO_TAG_UL); }
  static bool table_scope(const Open& o) {
    return is_html(o, GUMBO_TAG_HTML) || is_html(o, GUMBO_TAG_TABLE) || is_html(o, GUMBO_TAG_TEMPLATE);
  }
  static bool select_scope(const Open& o) { return table_scope(o) || is_html(o, GUMBO_TAG_TD) || is_html(o, GUMBO_TAG_TH); }

  void close_p() { pop_if_found(GUMBO_TAG_P, button_scope); }

  // <li>, <dd>, <dt>: close the open one unless a block other than
  // address, div or p stands in between.
  void close_list_item(bool (*same_kind)(GumboTag)) {
    const auto i = find_open([&](const Open& o) { return o.ns == Ns::html && same_kind(o.tag); }, [](const Open& o) {
      return special(o) && !is_html(o, GUMBO_TAG_ADDRESS) && !is_html(o, GUMBO_TAG_DIV) && !is_html(o, GUMBO_TAG_P);
    });
    if (i != npos) pop_to(i);
  }

  // "Clear the stack back to a table (body, row) context": pops what is
  // above the nearest `context` element of the current table.
  void clear_back_to(bool (*context)(GumboTag)) {
    const auto i = find_open([&](const Open& o) { return o.ns == Ns::html && context(o.tag); }, table_scope);
    if (i != npos) pop_to(i + 1);
  }

  // The <tbody>, <tr> or <colgroup> the parser adds when a page omits it.
  void imply_parent(GumboTag current, GumboTag implied) {
    if (stack_.empty() || !is_html(stack_.back(), current)) return;
    Tag tag;
    tag.tag = implied;
    push(tag, Ns::html);
  }

  // Whether table parts are taken here: in a table, or a template.
  bool in_table() const {
    return find_open([](const Open& o) { return is_html(o, GUMBO_TAG_TABLE) || is_html(o, GUMBO_TAG_TEMPLATE); },
                     [](const Open& o) { return is_html(o, GUMBO_TAG_HTML); }) != npos;
  }

  // "Reconstruct the active formatting elements": the entries whose element
  // was closed by something else are reopened, innermost last.
  void reconstruct() {
    std::size_t first = formatting_.size();
    while (first > 0 && formatting_[first - 1].tag != GUMBO_TAG_LAST && !open_[formatting_[first - 1].id]) --first;
    for (std::size_t i = first; i < formatting_.size(); ++i) {
      Tag clone;
      clone.tag = formatting_[i].tag;
      push(clone, Ns::html);
      formatting_[i].id = stack_.back().id;
      count_clone();
    }
  }

  void add_formatting(const Tag& tag) {
    // Noah's Ark: at most three identical entries after the last marker.
    std::size_t identical = 0, earliest = npos;
    for (std::size_t i = formatting_.size(); i-- > 0 && formatting_[i].tag != GUMBO_TAG_LAST;) {
      if (formatting_[i].tag == tag.tag && formatting_[i].attributes_hash == tag.attributes_hash) {
        ++identical;
        earliest = i;
      }
    }
    if (identical >= 3) formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(earliest));
    formatting_.push_back({tag.tag, tag.attributes_hash, stack_.back().id});
  }

  std::size_t formatting_entry(GumboTag tag) const {
    for (std::size_t i = formatting_.size(); i-- > 0 && formatting_[i].tag != GUMBO_TAG_LAST;)
      if (formatting_[i].tag == tag) return i;
    return npos;
  }

  bool in_list(std::uint32_t id) const {
    return std::any_of(formatting_.begin(), formatting_.end(), [&](const Formatting& f) { return f.id == id; });
  }

  std::size_t list_index(std::uint32_t id) const {
    for (std::size_t i = 0; i < formatting_.size(); ++i)
      if (formatting_[i].id == id && formatting_[i].tag != GUMBO_TAG_LAST) return i;
    return npos;
  }

  void erase_entry(std::size_t i) { formatting_.erase(formatting_.begin() + static_cast<std::ptrdiff_t>(i)); }

  // Takes an element out of the stack wherever it is.
  void remove_open(std::size_t i) {
    open_[stack_[i].id] = false;
    stack_.erase(stack_.begin() + static_cast<std::ptrdiff_t>(i));
  }

  std::uint32_t new_id() {
    open_.push_back(true);
    count_clone();
    return static_cast<std::uint32_t>(open_.size() - 1);
  }

  // Reopened and adopted elements are made by the parser, not the page: a
  // page that makes the parser build far more elements than it has tags is
  // refused (and would take as much memory as it likes).
  void count_clone() {
    if (++clones_ > s_.size() / 4 + 4096) error_ = "formatting elements reopened too many times";
  }

  // Gumbo's adoption agency algorithm, replayed on the stack and the list
  // of active formatting elements (the tree itself does not matter here).
  void adopt(GumboTag subject) {
    if (!stack_.empty() && is_html(stack_.back(), subject) && !in_list(stack_.back().id)) return pop();
    for (int round = 0; round < 8; ++round) {
      const std::size_t entry = formatting_entry(subject);
      if (entry == npos) return;
      const std::uint32_t formatting_id = formatting_[entry].id;
      const std::size_t formatting = find_id(formatting_id);
      if (formatting == npos) return erase_entry(entry);
      if (find_open([&](const Open& o) { return is_html(o, subject); }, boundary) == npos) return;
      std::size_t furthest = formatting;
      while (furthest < stack_.size() && !special(stack_[furthest])) ++furthest;
      if (furthest == stack_.size()) {
        pop_to(formatting);
        if (const auto e = list_index(formatting_id); e != npos) erase_entry(e);
        return;
      }
      const std::uint32_t furthest_id = stack_[furthest].id;
      std::size_t bookmark = entry + 1;
      std::uint32_t node_id = furthest_id, last_id = furthest_id;
      std::size_t saved = furthest;
      for (int j = 1;; ++j) {
        std::size_t node = find_id(node_id);
        if (node == npos) node = saved;
        saved = --node;
        node_id = stack_[node].id;
        if (node_id == formatting_id) break;
        const std::size_t listed = list_index(node_id);
        if (j > 3 && listed != npos) {
          erase_entry(listed);
          if (listed < bookmark) --bookmark;
          continue;
        }
        if (listed == npos) {
          remove_open(node);
          continue;
        }
        open_[node_id] = false;
        node_id = new_id();
        formatting_[listed].id = stack_[node].id = node_id;
        if (last_id == furthest_id) bookmark = listed + 1;
        last_id = node_id;
      }
      // The formatting element is replaced by a clone, just inside the block.
      const std::uint32_t clone = new_id();
      const std::size_t old_entry = list_index(formatting_id);
      const Formatting moved{subject, formatting_[old_entry].attributes_hash, clone};
      if (old_entry < bookmark) --bookmark;
      erase_entry(old_entry);
      formatting_.insert(formatting_.begin() + static_cast<std::ptrdiff_t>(std::min(bookmark, formatting_.size())), moved);
      const Open replaced = stack_[find_id(formatting_id)];
      remove_open(find_id(formatting_id));
      const std::size_t block = find_id(furthest_id);
      stack_.insert(stack_.begin() + static_cast<std::ptrdiff_t>(block + 1),
                    Open{subject, replaced.name, Ns::html, clone, stack_[block].depth + 1});
    }
  }

  // A second <a> closes the first, which then leaves the list and the
  // stack even when the adoption agency left it there.
  void close_previous_a() {
    if (formatting_entry(GUMBO_TAG_A) == npos) return;
    adopt(GUMBO_TAG_A);
    if (const auto e = formatting_entry(GUMBO_TAG_A); e != npos) {
      const std::uint32_t id = formatting_[e].id;
      erase_entry(e);
      if (const auto i = find_id(id); i != npos) remove_open(i);
    }
  }

  void text(std::string_view characters) {
    const bool blank = std::all_of(characters.begin(), characters.end(), is_space);
    if (!blank) initial_ = false;
    if (blank && head_phase_) return;
    head_phase_ = false;
    if (select_mode() == npos && !in_foreign()) reconstruct();
    check_depth();
  }

  // In a <select>, the parser ignores everything but options and what
  // closes the select. Returns the select's index when that is the mode.
  std::size_t select_mode() const {
    for (std::size_t i = stack_.size(); i-- > 0;) {
      if (is_html(stack_[i], GUMBO_TAG_SELECT)) return i;
      if (!is_html(stack_[i], GUMBO_TAG_OPTION) && !is_html(stack_[i], GUMBO_TAG_OPTGROUP)) return npos;
    }
    return npos;
  }

  // False when the select mode ignores the start tag.
  bool start_in_select(const Tag& tag, std::size_t select) {
    switch (tag.tag) {
      case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_TEMPLATE:
        return true;
      case GUMBO_TAG_SELECT:
        pop_to(select);
        return false;
      case GUMBO_TAG_INPUT: case GUMBO_TAG_KEYGEN: case GUMBO_TAG_TEXTAREA:
        pop_to(select);  // closes the select, then counts as usual
        return true;
      case GUMBO_TAG_CAPTION: case GUMBO_TAG_TABLE: case GUMBO_TAG_TBODY: case GUMBO_TAG_TFOOT:
      case GUMBO_TAG_THEAD: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        if (!select_in_table(select)) return false;
        pop_to(select);
        return true;
      default:
        return false;
    }
  }

  // "In select in table": table parts close the select.
  bool select_in_table(std::size_t select) const {
    for (std::size_t i = select; i-- > 0;) {
      if (is_html(stack_[i], GUMBO_TAG_TABLE)) return true;
      if (is_html(stack_[i], GUMBO_TAG_TEMPLATE)) return false;
    }
    return false;
  }

  // False when the select mode ignores the end tag.
  bool end_in_select(const Tag& tag, std::size_t select) {
    switch (tag.tag) {
      case GUMBO_TAG_OPTION:
        pop_if_top(GUMBO_TAG_OPTION);
        return false;
      case GUMBO_TAG_OPTGROUP:
        if (stack_.size() >= 2 && is_html(stack_[stack_.size() - 2], GUMBO_TAG_OPTGROUP)) pop_if_top(GUMBO_TAG_OPTION);
        pop_if_top(GUMBO_TAG_OPTGROUP);
        return false;
      case GUMBO_TAG_SELECT:
        pop_to(select);
        return false;
      default:
        if (!is_table_part(tag.tag) || !select_in_table(select)) return false;
        if (find_open([&](const Open& o) { return is_html(o, tag.tag); }, table_scope) == npos) return false;
        pop_to(select);
        return true;
    }
  }

  // Start tags before which the parser reopens formatting elements: those
  // the "in body" rules name with that step, and every tag they don't name.
  static bool reopens_formatting(GumboTag t) {
    if (t == GUMBO_TAG_XMP || t == GUMBO_TAG_NOSCRIPT) return true;  // in the body, with scripting off
    if (closes_p(t) || is_table_part(t) || is_head_element(t)) return false;
    switch (t) {
      case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY: case GUMBO_TAG_FRAMESET:
      case GUMBO_TAG_FRAME: case GUMBO_TAG_COL: case GUMBO_TAG_PARAM: case GUMBO_TAG_SOURCE:
      case GUMBO_TAG_TRACK: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_IFRAME: case GUMBO_TAG_NOEMBED:
      case GUMBO_TAG_RB: case GUMBO_TAG_RTC: case GUMBO_TAG_RP: case GUMBO_TAG_RT: case GUMBO_TAG_MENUITEM:
        return false;
      default:
        return true;
    }
  }

  static bool is_head_element(GumboTag t) {
    switch (t) {
      case GUMBO_TAG_BASE: case GUMBO_TAG_BASEFONT: case GUMBO_TAG_BGSOUND: case GUMBO_TAG_LINK:
      case GUMBO_TAG_META: case GUMBO_TAG_NOFRAMES: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE:
      case GUMBO_TAG_TITLE: case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_NOSCRIPT:
        return true;
      default:
        return false;
    }
  }

  // The namespace of an element opened now: SVG and MathML content goes on
  // until an integration point or an HTML tag that breaks out.
  Ns namespace_for(const Tag& tag) const {
    if (tag.tag == GUMBO_TAG_SVG) return in_foreign() && stack_.back().ns == Ns::math ? Ns::math : Ns::svg;
    if (tag.tag == GUMBO_TAG_MATH) return in_foreign() ? stack_.back().ns : Ns::math;
    return in_foreign() ? stack_.back().ns : Ns::html;
  }

  void start_tag(const Tag& tag) {
    initial_ = false;
    // Before the body, a <noscript> goes to the head, which is closed when
    // the body starts: it is never on the stack the body's tags see.
    if (head_phase_ && tag.tag == GUMBO_TAG_NOSCRIPT) return;
    if (!is_head_element(tag.tag) && tag.tag != GUMBO_TAG_HTML && tag.tag != GUMBO_TAG_HEAD) head_phase_ = false;
    if (in_foreign()) {
      if (!breaks_out(tag)) {
        if (!tag.self_closing) push(tag, stack_.back().ns);
        return;
      }
      while (!stack_.empty() && stack_.back().foreign() && !foreign_boundary(stack_.back())) pop();
    }
    if (const auto select = select_mode(); select != npos && !start_in_select(tag, select)) return;
    // A column group holds columns only.
    if (!stack_.empty() && is_html(stack_.back(), GUMBO_TAG_COLGROUP) && tag.tag != GUMBO_TAG_COL &&
        tag.tag != GUMBO_TAG_TEMPLATE)
      pop();
    // Table parts outside a table are ignored.
    if (is_table_part(tag.tag) && tag.tag != GUMBO_TAG_TABLE && !in_table()) return;
    switch (tag.tag) {
      case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY:
        return;  // merged into the ones that exist
      case GUMBO_TAG_FRAMESET:
        // A frameset page has no forms, and its parsing modes are not
        // replayed here.
        error_ = "framesets are not supported";
        return;
      case GUMBO_TAG_FORM:
        if (form_open_) return;  // a form inside a form is ignored
        form_open_ = true;
        break;
      case GUMBO_TAG_A:
        close_previous_a();
        break;
      case GUMBO_TAG_NOBR:
        reconstruct();
        if (find_open([](const Open& o) { return is_html(o, GUMBO_TAG_NOBR); }, boundary) != npos) adopt(GUMBO_TAG_NOBR);
        break;
      case GUMBO_TAG_SELECT:
        if (pop_if_found(GUMBO_TAG_SELECT, select_scope)) return;  // acts as </select>
        break;
      case GUMBO_TAG_BUTTON:
        pop_if_found(GUMBO_TAG_BUTTON, boundary);
        break;
      case GUMBO_TAG_LI:
        close_list_item([](GumboTag t) { return t == GUMBO_TAG_LI; });
        break;
      case GUMBO_TAG_DD: case GUMBO_TAG_DT:
        close_list_item([](GumboTag t) { return t == GUMBO_TAG_DD || t == GUMBO_TAG_DT; });
        break;
      case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP:
        // Outside a <select>, an <optgroup> nests in an <optgroup>.
        pop_if_top(GUMBO_TAG_OPTION);
        if (tag.tag == GUMBO_TAG_OPTGROUP && find_open([](const Open& o) { return is_html(o, GUMBO_TAG_SELECT); }, select_scope) != npos)
          pop_if_top(GUMBO_TAG_OPTGROUP);
        break;
      // The parser inserts the <tbody> and <tr> a page leaves out: the
      // context is whichever comes first.
      case GUMBO_TAG_TD: case GUMBO_TAG_TH:
        clear_back_to([](GumboTag t) { return t == GUMBO_TAG_TR || is_row_group(t) || t == GUMBO_TAG_TABLE; });
        imply_parent(GUMBO_TAG_TABLE, GUMBO_TAG_TBODY);
        imply_parent(GUMBO_TAG_TBODY, GUMBO_TAG_TR);
        break;
      case GUMBO_TAG_TR:
        clear_back_to([](GumboTag t) { return is_row_group(t) || t == GUMBO_TAG_TABLE; });
        imply_parent(GUMBO_TAG_TABLE, GUMBO_TAG_TBODY);
        break;
      case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION:
      case GUMBO_TAG_COLGROUP:
        clear_back_to([](GumboTag t) { return t == GUMBO_TAG_TABLE; });
        break;
      case GUMBO_TAG_COL:
        clear_back_to([](GumboTag t) { return t == GUMBO_TAG_TABLE || t == GUMBO_TAG_COLGROUP; });
        imply_parent(GUMBO_TAG_TABLE, GUMBO_TAG_COLGROUP);
        break;
      case GUMBO_TAG_TABLE: {
        // In a table (not in one of its cells), <table> closes the table.
        const auto i = find_open([](const Open& o) { return is_html(o, GUMBO_TAG_TABLE); }, [](const Open& o) {
          return is_html(o, GUMBO_TAG_TD) || is_html(o, GUMBO_TAG_TH) || is_html(o, GUMBO_TAG_CAPTION) || table_scope(o);
        });
        if (i != npos) pop_to(i);
        break;
      }
      default:
        break;
    }
    // In quirks mode (no doctype, old doctypes) a table may sit in a <p>.
    if (closes_p(tag.tag) && !(tag.tag == GUMBO_TAG_TABLE && quirks_)) close_p();
    if (is_heading(tag.tag) && !stack_.empty() && stack_.back().ns == Ns::html && is_heading(stack_.back().tag)) pop();
    if (reopens_formatting(tag.tag)) reconstruct();
    if (tag.tag == GUMBO_TAG_SVG || tag.tag == GUMBO_TAG_MATH) {
      if (!tag.self_closing) push(tag, namespace_for(tag));
      return;
    }
    if (is_void(tag.tag)) return;
    push(tag, Ns::html);
    if (is_formatting(tag.tag)) add_formatting(tag);
    if (is_marker(tag.tag)) formatting_.push_back({GUMBO_TAG_LAST, 0, 0});
  }

  void end_tag(const Tag& tag) {
    initial_ = false;
    if (head_phase_ && tag.tag == GUMBO_TAG_NOSCRIPT) return;
    // End tags follow the rules of foreign content whenever the current
    // node is SVG or MathML, integration points (<desc>, <mi>...) included.
    // Gumbo matches them to elements by the text between "</" and ">":
    // "</g >" or "</g/>" closes no <g>.
    const bool foreign_current = !stack_.empty() && stack_.back().foreign();
    if (foreign_current && tag.bare && !tag.glued) {
      for (std::size_t i = stack_.size(); i-- > 0 && stack_[i].foreign();)
        if (iequals(stack_[i].name, tag.name)) return pop_to(i);
    }
    // Every mode defers </template> to the "in head" rules: it closes the
    // innermost template wherever it is, whatever scope lies in between.
    if (tag.tag == GUMBO_TAG_TEMPLATE) {
      const auto i = find_open([](const Open& o) { return is_html(o, GUMBO_TAG_TEMPLATE); }, [](const Open&) { return false; });
      if (i != npos) pop_to(i);
      return;
    }
    if (const auto select = select_mode(); select != npos && !end_in_select(tag, select)) return;
    switch (tag.tag) {
      case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD: case GUMBO_TAG_BODY:
        return;
      case GUMBO_TAG_BR:  // </br> is a <br>
        reconstruct();
        return;
      case GUMBO_TAG_P:
        return close_p();
      case GUMBO_TAG_FORM: {
        // Only the form leaves the stack; what was opened inside it stays.
        form_open_ = false;
        if (find_open([](const Open& o) { return is_html(o, GUMBO_TAG_FORM); }, boundary) == npos) return;
        while (!stack_.empty() && stack_.back().ns == Ns::html && has_implied_end_tag(stack_.back().tag)) pop();
        if (const auto i = find_open([](const Open& o) { return is_html(o, GUMBO_TAG_FORM); }, boundary); i != npos)
          remove_open(i);
        return;
      }
      case GUMBO_TAG_LI:
        pop_if_found(GUMBO_TAG_LI, list_scope);
        return;
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: {
        // Any heading closes the innermost heading.
        const auto i = find_open([](const Open& o) { return o.ns == Ns::html && is_heading(o.tag); }, boundary);
        if (i != npos) pop_to(i);
        return;
      }
      default:
        break;
    }
    if (is_formatting(tag.tag)) return adopt(tag.tag);  // gumbo never falls back to the generic rule
    // Gumbo matches HTML end tags by tag enum: </bar> closes the innermost
    // unknown element, whatever its name.
    bool (*stop)(const Open&) = is_table_part(tag.tag) ? table_scope : closes_in_scope(tag.tag) ? boundary : special;
    const auto i = find_open([&](const Open& o) { return is_html(o, tag.tag); }, stop);
    if (i != npos) pop_to(i);
  }

  // Quirks mode, as gumbo decides it from the doctype, for the one rule
  // that depends on it here. A doctype gumbo's tokenizer flags (anything
  // but a keyword after the name, an identifier without quotes, no '>')
  // forces quirks, and so does whatever this does not recognise: quirks
  // is the deep side (a <table> then leaves a <p> open).
  void doctype(std::size_t p) {
    const std::size_t end = s_.find('>', p);
    if (end == npos) return;
    const auto text = s_.substr(p, end - p);
    std::size_t i = 9;  // "<!doctype"
    while (i < text.size() && is_space(text[i])) ++i;
    const bool html = i + 4 <= text.size() && iequals(text.substr(i, 4), "html") &&
                      (i + 4 == text.size() || is_space(text[i + 4]));
    if (!html) return;
    i += 4;
    while (i < text.size() && is_space(text[i])) ++i;
    const auto rest = text.substr(i);
    if (rest.empty()) {
      quirks_ = false;  // <!DOCTYPE html>
      return;
    }
    const bool is_public = iequals(rest.substr(0, 6), "public");
    if (!is_public && !iequals(rest.substr(0, 6), "system")) return;
    std::size_t q = 6;
    // The next quoted identifier; false when there is something else.
    const auto quoted = [&](std::string_view& id) {
      while (q < rest.size() && is_space(rest[q])) ++q;
      if (q >= rest.size() || (rest[q] != '"' && rest[q] != '\'')) return false;
      const std::size_t close = rest.find(rest[q], q + 1);
      if (close == npos) return false;
      id = rest.substr(q + 1, close - q - 1);
      q = close + 1;
      return true;
    };
    std::string_view public_id, system_id;
    if (!quoted(is_public ? public_id : system_id)) return;
    bool has_system = !is_public;
    if (is_public) {
      while (q < rest.size() && is_space(rest[q])) ++q;
      if (q < rest.size()) {
        if (!quoted(system_id)) return;
        has_system = true;
      }
    }
    if (has_system && iequals(system_id, "http://www.ibm.com/data/dtd/v11/ibmxhtml1-transitional.dtd")) return;
    std::string upper;
    for (char c : public_id) upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    const auto starts = [&](std::string_view prefix) { return std::string_view(upper).starts_with(prefix); };
    const bool transitional = starts("-//W3C//DTD HTML 4.01 TRANSITIONAL//") || starts("-//W3C//DTD HTML 4.01 FRAMESET//");
    quirks_ = is_public && !(starts("-//W3C//DTD XHTML") || starts("-//W3C//DTD HTML 4.01//") || (transitional && has_system));
  }

  std::string_view s_;
  std::vector<Open> stack_;
  std::vector<Formatting> formatting_;
  std::vector<bool> open_;  // by element id: still on the stack
  std::size_t clones_ = 0;
  std::size_t after_empty_end_tag_ = npos;  // where the last "</>" ended
  bool form_open_ = false;
  bool quirks_ = true;  // until a doctype says otherwise
  bool head_phase_ = true;
  // Nothing but blanks and comments so far: only then does gumbo read a
  // doctype (after anything else it is in quirks mode for good).
  bool initial_ = true;
  std::string error_;
};

}  // namespace

std::string nesting_problem(std::string_view html) { return NestingGuard(html).run(); }

}  // namespace rollcall::http
