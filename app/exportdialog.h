// File > Export Picture: the figure's size (a slide preset or custom), the step (current, the
// end, or a number) and the file (PNG, SVG or PDF).
#pragma once

#include "viewrenderer.h"

#include <QDialog>
#include <QSize>

class QComboBox;
class QLabel;
class QRadioButton;
class QSpinBox;

namespace conceptlab {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /// Which step the figure shows.
    enum class StepChoice { Current, End, Number };

    /// `currentStep`: the step the window shows; `windowSize`: the view's size on screen.
    ExportDialog(int currentStep, QSize windowSize, QWidget *parent = nullptr);

    /// The figure's size in pixels.
    QSize figureSize() const;
    StepChoice stepChoice() const;
    /// The step asked for with StepChoice::Number.
    int stepNumber() const;

private:
    void updateCustom();

    QSize m_windowSize;
    QComboBox *m_size;
    QSpinBox *m_width;
    QSpinBox *m_height;
    QRadioButton *m_current;
    QRadioButton *m_end;
    QRadioButton *m_number;
    QSpinBox *m_step;
};

} // namespace conceptlab
