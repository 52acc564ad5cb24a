// The batching plugin: schema, session and view factories, headless run.
#include "batchingmodule.h"

#include "batchingresult.h"
#include "batchingscenario.h"
#include "batchingview.h"

namespace conceptlab::batching {

ParameterSchema BatchingModule::parameters() const
{
    return batchingSchema();
}

std::unique_ptr<Session> BatchingModule::createSession(const ParameterValues &values, const WorkControl &control)
{
    return createBatchingSession(values, control);
}

ConceptView *BatchingModule::createView(QWidget *parent)
{
    return new BatchingView(parent);
}

RunResult BatchingModule::run(const ParameterValues &values, const WorkControl &control)
{
    return runBatching(values, control);
}

ParameterValues BatchingModule::compareVariant(const ParameterValues &values) const
{
    // Static batching against the iteration-level scheduling that replaced it.
    const bool continuous = values.value(QStringLiteral("policy")).toString() == QLatin1String("continuous");
    ParameterValues variant = values;
    variant.insert(QStringLiteral("policy"), continuous ? QStringLiteral("static") : QStringLiteral("continuous"));
    return variant;
}

} // namespace conceptlab::batching
