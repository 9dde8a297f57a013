//
// CopyOperation.h
//
// Definition of the copyRecords function.
//


#ifndef Polytomic_Plugins_CopyOperation_INCLUDED
#define Polytomic_Plugins_CopyOperation_INCLUDED


#include "plugins/ConnectorSession.h"
#include "polytomic/json.hpp"


namespace polytomic {
namespace plugins {


json::Value copyRecords(ConnectorSession& source, ConnectorSession& destination, const json::Value& request);
	/// The data path of one object: the source's read on one thread, the
	/// destination's write on this one, joined by a BatchQueue of a few batches,
	/// so memory is flat and both cores work. Every record gets its result; the
	/// state returned is the one of the last batch the destination accepted, so
	/// a later copy resumes without losing or repeating a committed batch. The
	/// write is committed only when the whole read succeeded.
	///
	/// request: {"read": {object, query, fields, state, tracking_field, batch_rows},
	///           "write": {object, mode, identity}, "max_rejections": 100}
	/// result:  {"rows_read", "records_written", "records_rejected",
	///           "rejections": [{"row", "message"}], "state", "complete"}


} } // namespace polytomic::plugins


#endif // Polytomic_Plugins_CopyOperation_INCLUDED
