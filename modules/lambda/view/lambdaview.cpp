#include "lambdaview.h"

namespace conceptlab::lambda {

LambdaView::LambdaView(const conceptlab::ParameterSchema &, QWidget *parent) : ConceptView(parent) {}
void LambdaView::setParameters(const conceptlab::ParameterValues &) {}
void LambdaView::reset() {}
void LambdaView::stepForward() {}

} // namespace conceptlab::lambda
