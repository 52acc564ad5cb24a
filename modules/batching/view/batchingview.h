#pragma once
#include <conceptmodule.h>
namespace conceptlab::batching {
class BatchingView : public conceptlab::ConceptView {
    Q_OBJECT
public:
    explicit BatchingView(QWidget *parent = nullptr);
    void setParameters(const ParameterValues &values) override;
    void reset() override;
    void stepForward() override;
    bool atEnd() const override;
    int currentStep() const override;
private:
    int m_step = 0;
};
}
