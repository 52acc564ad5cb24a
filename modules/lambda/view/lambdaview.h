// The live view of the lambda module (placeholder while the full view is written).
#pragma once

#include "conceptmodule.h"

namespace conceptlab::lambda {

class LambdaView : public conceptlab::ConceptView {
    Q_OBJECT
public:
    LambdaView(const conceptlab::ParameterSchema &schema, QWidget *parent = nullptr);
    void setParameters(const conceptlab::ParameterValues &values) override;
    void reset() override;
    void stepForward() override;
    bool atEnd() const override { return true; }
    int currentStep() const override { return 0; }
};

} // namespace conceptlab::lambda
