#pragma once
// Closed models: which users a slice of the run starts, as which persona,
// and when. User v (0-based) runs while the model asks for more than v
// users; a slice (a lane of a machine's segment) owns the users v with
// v mod stride == offset, so the slices of a partition start disjoint sets
// of users whose union is the single machine's. Every slice walks the same
// persona sequence (PersonaPicker over every v), so user v is the same
// persona on whatever machine and lane it runs.
#include <cstddef>
#include <optional>
#include <vector>

#include "engine/arrivals.hpp"
#include "engine/load_model.hpp"
#include "engine/persona_picker.hpp"
#include "common/rate_curve.hpp"

namespace rollcall::engine {

// The first time from `from` on (s from the run's start) when the curve's
// level reaches `level`; nothing when it never does again.
std::optional<double> first_time_at(const RateCurve& curve, double level, double from);

struct UserStart {
  unsigned v = 0;            // the user's number in the whole run
  std::size_t persona = 0;
  double at = 0;             // s from the run's start: when the model first wants it
};

class UserRoster {
 public:
  // `model` (a closed one) must outlive the roster.
  UserRoster(const LoadModel& model, const std::vector<double>& weights, Slice slice);

  // The slice's next user, in the order they start; nullopt when none is left.
  std::optional<UserStart> next();

 private:
  const LoadModel* model_;
  PersonaPicker picker_;
  Slice slice_;
  unsigned peak_;
  unsigned v_ = 0;
  bool ended_ = false;
};

}  // namespace rollcall::engine
