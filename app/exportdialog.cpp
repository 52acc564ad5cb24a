// The export picture dialog.
#include "exportdialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace conceptlab {

namespace {

    // Slide and screen sizes; the last entries are the window's size and a custom one.
    const QList<QSize> kPresets { { 1920, 1080 }, { 1280, 720 }, { 1600, 1200 }, { 1024, 768 }, { 3840, 2160 } };
    constexpr int kSmallestSide = 64;
    constexpr int kLargestSide = 8192;

} // namespace

ExportDialog::ExportDialog(int currentStep, QSize windowSize, QWidget *parent)
    : QDialog(parent)
    , m_windowSize(
          windowSize.boundedTo(QSize(kLargestSide, kLargestSide)).expandedTo(QSize(kSmallestSide, kSmallestSide)))
    , m_size(new QComboBox(this))
    , m_width(new QSpinBox(this))
    , m_height(new QSpinBox(this))
    , m_current(new QRadioButton(tr("Current step (%1)").arg(currentStep), this))
    , m_end(new QRadioButton(tr("End of the run"), this))
    , m_number(new QRadioButton(tr("Step"), this))
    , m_step(new QSpinBox(this))
{
    setWindowTitle(tr("Export Picture"));
    for (const QSize &size : kPresets)
        m_size->addItem(tr("%1 × %2").arg(size.width()).arg(size.height()), size);
    m_size->addItem(tr("Window size (%1 × %2)").arg(m_windowSize.width()).arg(m_windowSize.height()), m_windowSize);
    m_size->addItem(tr("Custom"), QSize());
    for (QSpinBox *side : { m_width, m_height }) {
        side->setRange(kSmallestSide, kLargestSide);
        side->setSuffix(tr(" px"));
    }
    m_width->setValue(1920);
    m_height->setValue(1080);
    auto *custom = new QHBoxLayout;
    custom->addWidget(m_width);
    custom->addWidget(new QLabel(tr("×"), this));
    custom->addWidget(m_height);
    custom->addStretch(1);

    m_step->setRange(0, kMaxFigureStep);
    m_step->setValue(currentStep);
    auto *steps = new QButtonGroup(this);
    steps->addButton(m_current);
    steps->addButton(m_end);
    steps->addButton(m_number);
    m_current->setChecked(true);
    auto *numberRow = new QHBoxLayout;
    numberRow->addWidget(m_number);
    numberRow->addWidget(m_step);
    numberRow->addStretch(1);
    auto *stepBox = new QVBoxLayout;
    stepBox->addWidget(m_current);
    stepBox->addWidget(m_end);
    stepBox->addLayout(numberRow);

    auto *form = new QFormLayout;
    form->addRow(tr("Size:"), m_size);
    form->addRow(QString(), custom);
    form->addRow(tr("Show:"), stepBox);
    auto *note = new QLabel(
        tr("The figure: title, pictures, legends and step, without the window's controls. A step past the end "
           "shows the end."),
        this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export…"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_size, &QComboBox::currentIndexChanged, this, &ExportDialog::updateCustom);
    connect(m_step, &QSpinBox::valueChanged, this, [this] { m_number->setChecked(true); });
    updateCustom();
}

void ExportDialog::updateCustom()
{
    const bool custom = !m_size->currentData().toSize().isValid();
    m_width->setEnabled(custom);
    m_height->setEnabled(custom);
    if (!custom) {
        const QSize size = m_size->currentData().toSize();
        m_width->setValue(size.width());
        m_height->setValue(size.height());
    }
}

QSize ExportDialog::figureSize() const
{
    return { m_width->value(), m_height->value() };
}

ExportDialog::StepChoice ExportDialog::stepChoice() const
{
    if (m_end->isChecked())
        return StepChoice::End;
    if (m_number->isChecked())
        return StepChoice::Number;
    return StepChoice::Current;
}

int ExportDialog::stepNumber() const
{
    return m_step->value();
}

} // namespace conceptlab
