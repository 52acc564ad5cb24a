#include "batchingview.h"
namespace conceptlab::batching {
BatchingView::BatchingView(QWidget *parent) : ConceptView(parent) {}
void BatchingView::setParameters(const ParameterValues &) {}
void BatchingView::reset() { m_step = 0; }
void BatchingView::stepForward() { ++m_step; }
bool BatchingView::atEnd() const { return false; }
int BatchingView::currentStep() const { return m_step; }
}
