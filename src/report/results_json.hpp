#pragma once
// The JSON form of each results record, shared by the stream writer and
// reader so the two cannot drift apart. docs/results-format.md lists the
// fields. The readers throw std::runtime_error naming a missing or mistyped
// field; absent optional fields take their defaults.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "report/results.hpp"

namespace rollcall::report {

boost::json::object to_json(const RunInfo& run);
boost::json::object to_json(const Interval& interval);
boost::json::object to_json(const CapacityStep& step);
boost::json::object to_json(const Saturation& saturation);
boost::json::object to_json(const Objective& objective);
boost::json::object to_json(const RunEnd& end);

RunInfo run_info_from_json(const boost::json::object& o);
Interval interval_from_json(const boost::json::object& o);
CapacityStep capacity_step_from_json(const boost::json::object& o);
Saturation saturation_from_json(const boost::json::object& o);
Objective objective_from_json(const boost::json::object& o);
RunEnd run_end_from_json(const boost::json::object& o);

// A number as JSON keeps it: int64, uint64 and double all read as double.
double number(const boost::json::value& v);

}  // namespace rollcall::report
