// ParameterPanel: editors for each parameter kind and the debounced change signal.
#include "parameterpanel.h"

#include "viewfonts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace conceptlab {

namespace {

    int decimalsFor(const ParameterSpec &spec)
    {
        // Enough decimals to show the smallest bound and the default exactly, within reason.
        int decimals = 2;
        for (double value : { spec.minimum, spec.defaultValue.toDouble() }) {
            for (int d = decimals; d <= 6; ++d) {
                const double scaled = value * std::pow(10.0, d);
                if (std::abs(scaled - std::round(scaled)) < 1e-6) {
                    decimals = std::max(decimals, d);
                    break;
                }
                if (d == 6)
                    decimals = 6;
            }
        }
        return decimals;
    }

    QString unitSuffix(const ParameterSpec &spec)
    {
        return spec.unit.isEmpty() ? QString() : QStringLiteral(" ") + spec.unit;
    }

} // namespace

ParameterPanel::ParameterPanel(ParameterSchema schema, QWidget *parent)
    : QWidget(parent)
    , m_schema(std::move(schema))
    , m_debounce(new QTimer(this))
{
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, [this] { Q_EMIT valuesChanged(values()); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    QHash<QString, QFormLayout *> groups;
    for (const ParameterSpec &spec : m_schema.specs()) {
        QFormLayout *form = groups.value(spec.group);
        if (!form) {
            // Ungrouped parameters sit in an untitled frame: the dock already says "Parameters".
            auto *box = new QGroupBox(spec.group, this);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            layout->addWidget(box);
            groups.insert(spec.group, form);
        }
        QWidget *editor = createEditor(spec);
        QString tip = spec.description;
        if (!tip.isEmpty())
            tip += QStringLiteral("\n");
        tip += tr("Key: %1 — %2").arg(spec.key, spec.allowedText());
        editor->setToolTip(tip);
        editor->setObjectName(spec.key);
        m_editors.insert(spec.key, editor);
        if (spec.kind == ParameterKind::Boolean)
            form->addRow(QString(), editor);
        else
            form->addRow(spec.label + QLatin1Char(':'), editor);
        // Edited in the view: the editor still holds the value, out of sight.
        form->setRowVisible(editor, spec.placement == ParameterPlacement::Panel);
    }
    // A group whose every parameter is edited in the view would be an empty frame.
    for (QFormLayout *form : std::as_const(groups)) {
        bool anyShown = false;
        for (int row = 0; row < form->rowCount(); ++row)
            anyShown = anyShown || form->isRowVisible(row);
        form->parentWidget()->setVisible(anyShown);
    }
    layout->addStretch(1);
    setValues(m_schema.defaults());
}

QWidget *ParameterPanel::createEditor(const ParameterSpec &spec)
{
    switch (spec.kind) {
    case ParameterKind::Integer: {
        const bool fitsInt
            = spec.minimum >= std::numeric_limits<int>::min() && spec.maximum <= std::numeric_limits<int>::max();
        if (fitsInt) {
            auto *box = new QSpinBox(this);
            box->setRange(static_cast<int>(spec.minimum), static_cast<int>(spec.maximum));
            box->setSuffix(unitSuffix(spec));
            box->setKeyboardTracking(false);
            box->setAccelerated(true);
            connect(box, &QSpinBox::valueChanged, this, &ParameterPanel::editorChanged);
            return box;
        }
        auto *box = new QDoubleSpinBox(this); // 64-bit ranges: a double holds every integer below 2^53
        box->setDecimals(0);
        box->setRange(spec.minimum, spec.maximum);
        box->setSuffix(unitSuffix(spec));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::editorChanged);
        return box;
    }
    case ParameterKind::Real: {
        auto *box = new QDoubleSpinBox(this);
        box->setDecimals(decimalsFor(spec));
        box->setRange(spec.minimum, spec.maximum);
        box->setSingleStep(std::max((spec.maximum - spec.minimum) / 100.0, std::pow(10.0, -box->decimals())));
        box->setSuffix(unitSuffix(spec));
        box->setKeyboardTracking(false);
        connect(box, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::editorChanged);
        return box;
    }
    case ParameterKind::Enum: {
        auto *box = new QComboBox(this);
        for (qsizetype i = 0; i < spec.choices.size(); ++i)
            box->addItem(spec.choiceLabels.value(i, spec.choices[i]), spec.choices[i]);
        connect(box, &QComboBox::currentIndexChanged, this, &ParameterPanel::editorChanged);
        return box;
    }
    case ParameterKind::Boolean: {
        auto *box = new QCheckBox(spec.label, this);
        connect(box, &QCheckBox::toggled, this, &ParameterPanel::editorChanged);
        return box;
    }
    case ParameterKind::Text: {
        auto *edit = new QLineEdit(this);
        connect(edit, &QLineEdit::textEdited, this, &ParameterPanel::editorChanged);
        return edit;
    }
    case ParameterKind::Code: {
        auto *edit = new QPlainTextEdit(this);
        followApplicationFont(edit, { .fixedPitch = true });
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setMinimumHeight(edit->fontMetrics().lineSpacing() * 5);
        connect(edit, &QPlainTextEdit::textChanged, this, &ParameterPanel::editorChanged);
        return edit;
    }
    case ParameterKind::FilePath: {
        auto *row = new QWidget(this);
        auto *rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto *edit = new QLineEdit(row);
        edit->setPlaceholderText(tr("none"));
        edit->setClearButtonEnabled(true);
        auto *browse = new QToolButton(row);
        browse->setText(QStringLiteral("…"));
        browse->setToolTip(tr("Choose a file"));
        rowLayout->addWidget(edit, 1);
        rowLayout->addWidget(browse);
        connect(edit, &QLineEdit::textChanged, this, &ParameterPanel::editorChanged);
        connect(browse, &QToolButton::clicked, this, [this, edit, label = spec.label] {
            const QString file = QFileDialog::getOpenFileName(this, label, edit->text());
            if (!file.isEmpty())
                edit->setText(file);
        });
        row->setFocusProxy(edit);
        return row;
    }
    }
    return new QWidget(this);
}

ParameterValues ParameterPanel::values() const
{
    ParameterValues result;
    for (const ParameterSpec &spec : m_schema.specs()) {
        QWidget *editor = m_editors.value(spec.key);
        QVariant value;
        if (auto *spin = qobject_cast<QSpinBox *>(editor))
            value = QVariant::fromValue<qint64>(spin->value());
        else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
            value = spec.kind == ParameterKind::Integer ? QVariant::fromValue<qint64>(std::llround(dspin->value()))
                                                        : QVariant(dspin->value());
        else if (auto *combo = qobject_cast<QComboBox *>(editor))
            value = combo->currentData();
        else if (auto *check = qobject_cast<QCheckBox *>(editor))
            value = check->isChecked();
        else if (auto *line = qobject_cast<QLineEdit *>(editor))
            value = line->text();
        else if (auto *plain = qobject_cast<QPlainTextEdit *>(editor))
            value = plain->toPlainText();
        else if (auto *fileLine = editor ? editor->findChild<QLineEdit *>() : nullptr)
            value = fileLine->text();
        const ParameterCheck checked = m_schema.check(spec.key, value);
        result.insert(spec.key, checked.ok() ? checked.value : spec.defaultValue);
    }
    return result;
}

void ParameterPanel::setValue(const QString &key, const QVariant &value)
{
    QWidget *editor = m_editors.value(key);
    if (!editor)
        return;
    const bool wasUpdating = m_updating;
    m_updating = true;
    if (auto *spin = qobject_cast<QSpinBox *>(editor))
        spin->setValue(static_cast<int>(value.toLongLong()));
    else if (auto *dspin = qobject_cast<QDoubleSpinBox *>(editor))
        dspin->setValue(value.toDouble());
    else if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        if (const int index = combo->findData(value.toString()); index >= 0)
            combo->setCurrentIndex(index);
    } else if (auto *check = qobject_cast<QCheckBox *>(editor))
        check->setChecked(value.toBool());
    else if (auto *line = qobject_cast<QLineEdit *>(editor))
        line->setText(value.toString());
    else if (auto *plain = qobject_cast<QPlainTextEdit *>(editor)) {
        if (plain->toPlainText() != value.toString())
            plain->setPlainText(value.toString());
    } else if (auto *fileLine = editor->findChild<QLineEdit *>())
        fileLine->setText(value.toString());
    m_updating = wasUpdating;
    if (!m_updating)
        refreshDependentEditors();
}

void ParameterPanel::setValues(const ParameterValues &values)
{
    const bool wasUpdating = m_updating;
    m_updating = true;
    for (auto it = values.constBegin(); it != values.constEnd(); ++it)
        setValue(it.key(), it.value());
    m_updating = wasUpdating;
    refreshDependentEditors();
}

void ParameterPanel::editorChanged()
{
    if (m_updating)
        return;
    refreshDependentEditors();
    m_debounce->start();
}

// Texts and enabled states that follow the other values: run after every change.
void ParameterPanel::refreshDependentEditors()
{
    ParameterValues current;
    bool known = false;
    for (const ParameterSpec &spec : m_schema.specs()) {
        if (!spec.minimumText && !spec.appliesWhen)
            continue;
        if (!known) {
            current = values();
            known = true;
        }
        QWidget *editor = m_editors.value(spec.key);
        if (auto *box = qobject_cast<QAbstractSpinBox *>(editor); box && spec.minimumText)
            box->setSpecialValueText(spec.minimumText(current));
        if (spec.appliesWhen) {
            const bool applies = spec.appliesWhen(current);
            editor->setEnabled(applies);
            if (auto *form = qobject_cast<QFormLayout *>(editor->parentWidget()->layout()))
                if (QWidget *label = form->labelForField(editor))
                    label->setEnabled(applies);
        }
    }
}

} // namespace conceptlab
