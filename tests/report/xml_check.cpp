#include "xml_check.hpp"

#include <cctype>
#include <stdexcept>

namespace rollcall::test {

namespace {

[[noreturn]] void bad(const std::string& why, std::size_t at) {
  throw std::runtime_error("not well-formed XML at offset " + std::to_string(at) + ": " + why);
}

std::string unescape(const std::string& s, std::size_t at) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') bad("'<' in text or attribute", at + i);
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const auto end = s.find(';', i);
    if (end == std::string::npos) bad("'&' without ';'", at + i);
    const std::string entity = s.substr(i + 1, end - i - 1);
    if (entity == "amp") out += '&';
    else if (entity == "lt") out += '<';
    else if (entity == "gt") out += '>';
    else if (entity == "quot") out += '"';
    else if (entity == "apos" || entity == "#39") out += '\'';
    else bad("unknown entity &" + entity + ";", at + i);
    i = end;
  }
  return out;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.'; }

}  // namespace

std::string XmlElement::attribute(const std::string& key) const {
  for (const auto& [k, v] : attributes)
    if (k == key) return v;
  return {};
}

std::vector<XmlElement> check_xml(const std::string& text) {
  std::vector<XmlElement> elements;
  std::vector<std::string> open;
  std::size_t i = 0;
  if (text.rfind("<?xml", 0) == 0) i = text.find("?>") + 2;
  bool root_seen = false;
  while (i < text.size()) {
    const auto lt = text.find('<', i);
    unescape(text.substr(i, lt == std::string::npos ? std::string::npos : lt - i), i);
    if (lt == std::string::npos) break;
    if (open.empty() && root_seen) bad("content after the root element", lt);
    const auto gt = text.find('>', lt);
    if (gt == std::string::npos) bad("unterminated tag", lt);
    std::string tag = text.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (!tag.empty() && tag[0] == '/') {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) bad("closing </" + name + "> does not match", lt);
      open.pop_back();
      continue;
    }
    const bool self_closing = !tag.empty() && tag.back() == '/';
    if (self_closing) tag.pop_back();
    XmlElement e;
    std::size_t p = 0;
    while (p < tag.size() && name_char(tag[p])) e.name += tag[p++];
    if (e.name.empty()) bad("tag without a name", lt);
    while (p < tag.size()) {
      while (p < tag.size() && std::isspace(static_cast<unsigned char>(tag[p]))) ++p;
      if (p >= tag.size()) break;
      std::string key;
      while (p < tag.size() && name_char(tag[p])) key += tag[p++];
      if (key.empty() || p + 1 >= tag.size() || tag[p] != '=' || tag[p + 1] != '"') bad("bad attribute in <" + e.name + ">", lt);
      const auto close = tag.find('"', p + 2);
      if (close == std::string::npos) bad("unterminated attribute", lt);
      for (const auto& [k, v] : e.attributes)
        if (k == key) bad("duplicate attribute " + key, lt);
      e.attributes.emplace_back(key, unescape(tag.substr(p + 2, close - p - 2), lt));
      p = close + 1;
    }
    root_seen = true;
    if (!self_closing) open.push_back(e.name);
    elements.push_back(std::move(e));
  }
  if (!open.empty()) bad("<" + open.back() + "> is never closed", text.size());
  if (!root_seen) bad("no root element", 0);
  return elements;
}

}  // namespace rollcall::test
