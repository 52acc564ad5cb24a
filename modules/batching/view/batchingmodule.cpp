// The batching plugin: schema, headless run and view factory.
#include "batchingmodule.h"

#include "batchingresult.h"
#include "batchingscenario.h"
#include "batchingview.h"

namespace conceptlab::batching {

ParameterSchema BatchingModule::parameters() const
{
    return batchingSchema();
}

ConceptView *BatchingModule::createView(QWidget *parent)
{
    return new BatchingView(parent);
}

RunResult BatchingModule::run(const ParameterValues &values, const Progress &progress)
{
    return runBatching(values, progress);
}

} // namespace conceptlab::batching
