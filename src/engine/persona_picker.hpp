#pragma once
// Which persona the k-th arrival (or user) belongs to: smooth weighted
// round-robin, so that over any window the shares follow the weights,
// deterministically.
#include <cstddef>
#include <vector>

namespace rollcall::engine {

class PersonaPicker {
 public:
  explicit PersonaPicker(const std::vector<double>& weights) : weights_(weights), current_(weights.size(), 0.0) {
    for (double w : weights_) total_ += w;
  }

  std::size_t next() {
    std::size_t best = 0;
    for (std::size_t i = 0; i < weights_.size(); ++i) {
      current_[i] += weights_[i];
      if (current_[i] > current_[best]) best = i;
    }
    current_[best] -= total_;
    return best;
  }

 private:
  std::vector<double> weights_;
  std::vector<double> current_;
  double total_ = 0;
};

}  // namespace rollcall::engine
