#include "common/secret_names.hpp"

#include <array>
#include <cctype>
#include <string>

namespace rollcall {

bool looks_secret(std::string_view name) {
  static constexpr std::array<std::string_view, 19> words{
      "password", "passwd",  "pwd",  "passphrase", "token", "secret", "apikey", "authorization", "cookie", "session",
      "privatekey", "credential", "ticket", "saml", "relaystate", "csrf", "xsrf", "execution", "assertion"};
  std::string folded;
  folded.reserve(name.size());
  for (char c : name)
    if (std::isalnum(static_cast<unsigned char>(c))) folded += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (auto w : words)
    if (folded.find(w) != std::string::npos) return true;
  return false;
}

}  // namespace rollcall
