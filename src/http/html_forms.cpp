#include "http/html_forms.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <unordered_map>

#include "http/html_document.hpp"
#include "http/html_text.hpp"
#include "http/html_tree.hpp"

namespace rollcall::http {

using namespace html;

namespace {

bool is_listed_control(const GumboNode* n) {
  return is_element(n, GUMBO_TAG_INPUT) || is_element(n, GUMBO_TAG_BUTTON) || is_element(n, GUMBO_TAG_SELECT) ||
         is_element(n, GUMBO_TAG_TEXTAREA);
}

std::string input_type(const GumboNode* n) {
  static constexpr std::array<std::string_view, 22> known = {
      "hidden", "text",  "search",   "tel",    "url",    "email", "password", "date",
      "month",  "week",  "time",     "datetime-local", "number", "range", "color", "checkbox",
      "radio",  "file",  "submit",   "image",  "reset",  "button"};
  const std::string type = to_lower(trim(attr_or(n, "type", "text")));
  return std::find(known.begin(), known.end(), type) != known.end() ? type : "text";
}

bool is_submit_button(const GumboNode* n) {
  if (is_element(n, GUMBO_TAG_INPUT)) return input_type(n) == "submit";
  if (!is_element(n, GUMBO_TAG_BUTTON)) return false;
  const std::string type = to_lower(trim(attr_or(n, "type", "submit")));
  return type != "reset" && type != "button";  // a missing or invalid type means submit
}

// What a control's ancestors say about it, gathered on the way down.
struct Ancestry {
  bool in_noscript = false;  // a browser running scripts does not parse it
  bool in_datalist = false;  // never submitted
  bool disabled_fieldset = false;
  const GumboNode* form = nullptr;  // the nearest form ancestor
};

const GumboNode* first_legend(const GumboNode* fieldset) {
  const GumboVector& kids = fieldset->v.element.children;
  for (std::size_t i = 0; i < kids.length; ++i)
    if (is_element(child(kids, i), GUMBO_TAG_LEGEND)) return child(kids, i);
  return nullptr;
}

// What `n` passes on to its children (but to `legend`, its first legend).
Ancestry inherited(const GumboNode* n, Ancestry a, const GumboNode** legend) {
  Ancestry legend_a = a;
  if (is_element(n, GUMBO_TAG_NOSCRIPT)) a.in_noscript = legend_a.in_noscript = true;
  if (is_element(n, GUMBO_TAG_DATALIST)) a.in_datalist = legend_a.in_datalist = true;
  if (is_element(n, GUMBO_TAG_FORM) && !a.form) a.form = legend_a.form = n;
  *legend = nullptr;
  // A disabled fieldset disables all but the content of its first legend.
  if (is_element(n, GUMBO_TAG_FIELDSET) && has_attr(n, "disabled")) {
    *legend = first_legend(n);
    a.disabled_fieldset = true;
  }
  return a;
}

std::string valid_or(std::string value, std::initializer_list<std::string_view> valid, std::string_view fallback) {
  value = to_lower(trim(value));
  return std::find(valid.begin(), valid.end(), value) != valid.end() ? value : std::string(fallback);
}

constexpr std::string_view kUrlEncoded = "application/x-www-form-urlencoded";

std::string form_method(std::string m) { return valid_or(std::move(m), {"get", "post", "dialog"}, "get"); }
std::string form_enctype(std::string e) {
  return valid_or(std::move(e), {kUrlEncoded, "multipart/form-data", "text/plain"}, kUrlEncoded);
}

// The options of a <select> a browser submits (HTML's selectedness rules).
void select_entries(const GumboNode* select, const std::string& name, HtmlForm& form) {
  struct Option {
    const GumboNode* node;
    bool selected, disabled;
  };
  std::vector<Option> options;
  walk(select, [&](const GumboNode* n) {
    if (!is_element(n, GUMBO_TAG_OPTION)) return n == select || is_element(n, GUMBO_TAG_OPTGROUP) ? Walk::into : Walk::over;
    const bool group_disabled = n->parent && is_element(n->parent, GUMBO_TAG_OPTGROUP) && has_attr(n->parent, "disabled");
    options.push_back({n, has_attr(n, "selected"), has_attr(n, "disabled") || group_disabled});
    return Walk::over;
  });
  auto value = [](const GumboNode* option) {
    const GumboAttribute* v = find_attr(option, "value");
    return v ? std::string(v->value) : collapse_spaces(text_content(option, true));
  };
  if (has_attr(select, "multiple")) {
    for (const auto& o : options)
      if (o.selected && !o.disabled) form.fields.emplace_back(name, value(o.node));
    return;
  }
  // The last option marked selected wins; with none, a drop-down (display
  // size 1) selects its first enabled option, a list box nothing.
  auto chosen = std::find_if(options.rbegin(), options.rend(), [](const Option& o) { return o.selected; });
  if (chosen == options.rend()) {
    unsigned size = 1;
    const std::string size_attr(trim(attr_or(select, "size", "1")));
    std::from_chars(size_attr.data(), size_attr.data() + size_attr.size(), size);
    if (size > 1) return;
    const auto first = std::find_if(options.begin(), options.end(), [](const Option& o) { return !o.disabled; });
    if (first == options.end()) return;
    form.fields.emplace_back(name, value(first->node));
    return;
  }
  if (!chosen->disabled) form.fields.emplace_back(name, value(chosen->node));
}

// Appends what one control contributes to its form's entry list.
void control_entries(const GumboNode* n, bool is_submitter, HtmlForm& form) {
  const std::string name = attr_or(n, "name", "");
  if (name.empty()) return;
  if (is_element(n, GUMBO_TAG_SELECT)) return select_entries(n, name, form);
  if (is_element(n, GUMBO_TAG_TEXTAREA)) {
    form.fields.emplace_back(name, text_content(n));
    return;
  }
  if (is_element(n, GUMBO_TAG_BUTTON)) {
    if (is_submitter) form.fields.emplace_back(name, attr_or(n, "value", ""));
    return;
  }
  const std::string type = input_type(n);
  if (type == "checkbox" || type == "radio") {
    if (has_attr(n, "checked")) form.fields.emplace_back(name, attr_or(n, "value", "on"));
  } else if (type == "submit") {
    if (is_submitter) form.fields.emplace_back(name, attr_or(n, "value", ""));
  } else if (type == "image" || type == "reset" || type == "button" || type == "file") {
    // image would send name.x/name.y of a click, file a file: neither is typed by a load test
  } else if (type == "hidden" && iequals(name, "_charset_") && !has_attr(n, "value")) {
    form.fields.emplace_back(name, "UTF-8");
  } else {
    form.fields.emplace_back(name, attr_or(n, "value", ""));
  }
}

HtmlForm describe_form(const GumboNode* n) {
  HtmlForm f;
  f.id = attr_or(n, "id", "");
  f.name = attr_or(n, "name", "");
  f.action = attr_or(n, "action", "");
  f.method = form_method(attr_or(n, "method", "get"));
  f.enctype = form_enctype(attr_or(n, "enctype", kUrlEncoded));
  return f;
}

// The button a user would click submits with its formaction, formmethod
// and formenctype, when it has them.
void apply_submitter(const GumboNode* button, HtmlForm& f) {
  if (const GumboAttribute* a = find_attr(button, "formaction")) f.action = a->value;
  if (const GumboAttribute* m = find_attr(button, "formmethod")) f.method = form_method(m->value);
  if (const GumboAttribute* e = find_attr(button, "formenctype")) f.enctype = form_enctype(e->value);
}

// Where the page has a real </form> end tag, in source order: not inside a
// tag, a comment, a script or any text. Gumbo does not keep them, and they
// are what ends the association of later controls with an open form.
std::vector<std::size_t> form_end_tags(const GumboNode* document, std::string_view source) {
  std::vector<bool> covered(source.size(), false);
  auto cover = [&](std::size_t offset, std::size_t length) {
    const std::size_t end = std::min(source.size(), offset + length);
    for (std::size_t i = offset; i < end; ++i) covered[i] = true;
  };
  walk(document, [&](const GumboNode* n) {
    switch (n->type) {
      case GUMBO_NODE_ELEMENT:
        cover(n->v.element.start_pos.offset, n->v.element.original_tag.length);
        return Walk::into;
      case GUMBO_NODE_TEMPLATE: {
        const auto& e = n->v.element;
        if (e.end_pos.offset > e.start_pos.offset) cover(e.start_pos.offset, e.end_pos.offset - e.start_pos.offset);
        return Walk::over;
      }
      case GUMBO_NODE_DOCUMENT:
        return Walk::into;
      default:
        cover(n->v.text.start_pos.offset, n->v.text.original_text.length);
        return Walk::over;
    }
  });
  std::vector<std::size_t> ends;
  for (std::size_t p = source.find("</"); p != std::string_view::npos; p = source.find("</", p + 2)) {
    const std::size_t after = p + 6;
    if (!covered[p] && after <= source.size() && iequals(source.substr(p + 2, 4), "form") &&
        (after == source.size() || is_space(source[after]) || source[after] == '/' || source[after] == '>'))
      ends.push_back(p);
  }
  return ends;
}

struct Found {
  const GumboNode* node;
  Ancestry ancestry;
};

// Forms and listed controls in tree order, with what their ancestors say;
// template contents are not part of the document.
void collect_forms(const GumboNode* document, std::vector<Found>& forms, std::vector<Found>& controls) {
  std::vector<Found> todo{{document, {}}};
  while (!todo.empty()) {
    const auto [n, a] = todo.back();
    todo.pop_back();
    if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) continue;
    if (is_element(n, GUMBO_TAG_FORM)) forms.push_back({n, a});
    if (is_listed_control(n)) controls.push_back({n, a});
    const GumboNode* legend = nullptr;
    const Ancestry below = n->type == GUMBO_NODE_ELEMENT ? inherited(n, a, &legend) : a;
    const GumboVector* kids = children_of(n);
    for (std::size_t i = kids->length; i-- > 0;) {
      Ancestry for_child = below;
      if (child(*kids, i) == legend) for_child.disabled_fieldset = a.disabled_fieldset;
      todo.push_back({child(*kids, i), for_child});
    }
  }
}

// Which form owns a control: the form="id" attribute, or else the parser's
// "form element pointer", set by a <form> start tag and cleared by the next
// </form> end tag: every control whose start tag comes in between belongs to
// that form wherever the tree put it (forms in tables, forms closed early).
class FormOwners {
 public:
  static constexpr std::size_t none = SIZE_MAX;

  FormOwners(const GumboNode* document, const std::vector<Found>& forms, const std::vector<std::size_t>& end_tags,
             std::size_t source_size)
      : document_(document) {
    for (std::size_t f = 0; f < forms.size(); ++f) {
      forms_.push_back(forms[f].node);
      const std::size_t begin = forms[f].node->v.element.start_pos.offset;
      const auto end = std::upper_bound(end_tags.begin(), end_tags.end(), begin);
      spans_.push_back({begin, end == end_tags.end() ? source_size : *end, f});
    }
    std::sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.begin < b.begin; });
  }

  std::size_t operator()(const GumboNode* control, const Ancestry& a) {
    if (const GumboAttribute* f = find_attr(control, "form")) return by_id(f->value);
    if (control->v.element.original_tag.length == 0) return index_of(a.form);  // made by the parser: the tree tells
    const std::size_t at = control->v.element.start_pos.offset;
    auto it = std::upper_bound(spans_.begin(), spans_.end(), at, [](std::size_t pos, const Span& s) { return pos < s.begin; });
    if (it == spans_.begin()) return none;
    --it;
    return at < it->end ? it->form : none;
  }

 private:
  struct Span {
    std::size_t begin, end, form;
  };

  std::size_t index_of(const GumboNode* form) const {
    const auto it = std::find(forms_.begin(), forms_.end(), form);
    return it == forms_.end() ? none : static_cast<std::size_t>(it - forms_.begin());
  }

  // The first element with that id, if it is a form. The ids are indexed
  // once, on the first form="..." met.
  std::size_t by_id(std::string_view id) {
    if (!ids_built_) {
      walk(document_, [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_TEMPLATE) return Walk::over;
        if (const GumboAttribute* a = n->type == GUMBO_NODE_ELEMENT ? find_attr(n, "id") : nullptr) ids_.emplace(a->value, n);
        return Walk::into;
      });
      ids_built_ = true;
    }
    const auto it = ids_.find(id);
    return it == ids_.end() ? none : index_of(it->second);
  }

  const GumboNode* document_;
  std::vector<const GumboNode*> forms_;
  std::vector<Span> spans_;
  std::unordered_map<std::string_view, const GumboNode*> ids_;  // emplace keeps the first
  bool ids_built_ = false;
};

}  // namespace

std::vector<HtmlForm> forms_of(const HtmlDocument& doc) {
  const GumboNode* document = doc.root();
  if (!document) return {};
  std::vector<Found> forms, controls;
  collect_forms(document, forms, controls);
  if (forms.empty()) return {};

  // A form in <noscript> keeps the controls the parser gave it, unreported.
  std::vector<HtmlForm> out;
  std::vector<std::size_t> reported(forms.size(), FormOwners::none);
  for (std::size_t f = 0; f < forms.size(); ++f) {
    if (forms[f].ancestry.in_noscript) continue;
    reported[f] = out.size();
    out.push_back(describe_form(forms[f].node));
  }

  FormOwners owner(document, forms, form_end_tags(document, doc.source()), doc.source().size());
  struct Owned {
    const GumboNode* node;
    std::size_t form;  // index in out
  };
  std::vector<Owned> owned;
  for (const auto& [c, a] : controls) {
    if (a.in_noscript || a.in_datalist || a.disabled_fieldset || has_attr(c, "disabled")) continue;
    const std::size_t f = owner(c, a);
    if (f != FormOwners::none && reported[f] != FormOwners::none) owned.push_back({c, reported[f]});
  }

  // The first named submit button is the one a user clicks.
  std::vector<const GumboNode*> submitter(out.size(), nullptr);
  for (const auto& o : owned)
    if (!submitter[o.form] && is_submit_button(o.node) && !attr_or(o.node, "name", "").empty()) submitter[o.form] = o.node;
  for (std::size_t f = 0; f < out.size(); ++f)
    if (submitter[f]) apply_submitter(submitter[f], out[f]);
  for (const auto& o : owned) control_entries(o.node, o.node == submitter[o.form], out[o.form]);
  return out;
}

std::vector<HtmlForm> parse_forms(std::string_view html) { return forms_of(HtmlDocument(html)); }

const HtmlForm* select_form(const std::vector<HtmlForm>& forms, std::string_view selector) {
  if (selector.empty()) return forms.empty() ? nullptr : &forms.front();
  auto first = [&](auto pred) -> const HtmlForm* {
    const auto it = std::find_if(forms.begin(), forms.end(), pred);
    return it == forms.end() ? nullptr : &*it;
  };
  if (selector.front() == '#') return first([&](const HtmlForm& f) { return f.id == selector.substr(1); });
  std::size_t index = 0;
  const auto [end, ec] = std::from_chars(selector.data(), selector.data() + selector.size(), index);
  if (ec == std::errc{} && end == selector.data() + selector.size())
    return index < forms.size() ? &forms[index] : nullptr;
  return first([&](const HtmlForm& f) { return f.name == selector; });
}

}  // namespace rollcall::http
