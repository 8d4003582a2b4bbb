#include "analysis/run_abort.hpp"

#include "common/duration.hpp"

namespace rollcall::analysis {

std::optional<ObjectiveResult> abort_reason(const std::vector<scenario::Objective>& objectives, const Measurement& so_far,
                                            double elapsed_s) {
  std::vector<scenario::Objective> due;
  for (const auto& o : objectives)
    if (o.abort_on_fail && elapsed_s + 1e-9 >= seconds(o.abort_delay)) due.push_back(o);
  if (due.empty()) return std::nullopt;
  for (const auto& r : evaluate(due, so_far).results)
    if (r.status == ObjectiveResult::Status::fail && r.decided && r.samples >= samples_needed(r.objective)) return r;
  return std::nullopt;
}

}  // namespace rollcall::analysis
