// A form built from a ParameterSchema: one editor per parameter (spin boxes with units,
// combo boxes, check boxes, text and code editors, file choosers), grouped, with tool tips.
#pragma once

#include "conceptlabsdk_export.h"
#include "parameterschema.h"

#include <QHash>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QTimer;
QT_END_NAMESPACE

namespace conceptlab {

class CONCEPTLAB_SDK_EXPORT ParameterPanel : public QWidget {
    Q_OBJECT
public:
    explicit ParameterPanel(ParameterSchema schema, QWidget *parent = nullptr);

    const ParameterSchema &schema() const { return m_schema; }
    /// The current values, complete and valid.
    ParameterValues values() const;
    /// Shows `values` (unknown keys ignored, missing keys keep their editor's value) without
    /// emitting valuesChanged.
    void setValues(const ParameterValues &values);
    /// Shows one value without emitting valuesChanged.
    void setValue(const QString &key, const QVariant &value);

Q_SIGNALS:
    /// The user changed a value; emitted once typing pauses, with all values.
    void valuesChanged(const conceptlab::ParameterValues &values);

private:
    QWidget *createEditor(const ParameterSpec &spec);
    void editorChanged();
    void refreshDependentEditors();

    ParameterSchema m_schema;
    QHash<QString, QWidget *> m_editors;
    QTimer *m_debounce;
    bool m_updating = false;
};

} // namespace conceptlab
