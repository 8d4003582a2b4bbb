#pragma once
// A small XML well-formedness checker for the tests: tags balance, attribute
// values are quoted, every '&' starts a known entity, no '<' in text.
// Returns the element names in document order, or throws with the reason.
#include <string>
#include <vector>

namespace rollcall::test {

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // values unescaped
  std::string attribute(const std::string& key) const;
};

std::vector<XmlElement> check_xml(const std::string& text);

}  // namespace rollcall::test
