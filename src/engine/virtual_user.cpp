#include "engine/virtual_user.hpp"

namespace rollcall::engine {

void begin_identity(VirtualUser& user, const scenario::Persona& persona, const std::vector<std::string>* row) {
  user.cookies.clear();
  user.variables.clear();
  user.page.clear();
  user.page_url.clear();
  user.variables.set(scenario::SymbolTable::vu, std::to_string(user.id));
  user.variables.set(scenario::SymbolTable::iteration, std::to_string(user.iteration));
  user.variables.set(scenario::SymbolTable::persona, persona.name);
  if (!row || !persona.feeder) return;
  const auto& ids = persona.feeder->column_ids;
  for (std::size_t c = 0; c < ids.size() && c < row->size(); ++c) user.variables.set(ids[c], (*row)[c]);
}

}  // namespace rollcall::engine
