// The log-space panel: per format the log-space sum against the exact log product, the
// naive and max-shifted logsumexp, and the naive and stable softmax of the logits.
#pragma once

#include "core/underflowsession.h"

#include <QLabel>

namespace conceptlab::underflow {

class LogSpacePanel : public QLabel {
    Q_OBJECT
public:
    explicit LogSpacePanel(QWidget *parent = nullptr);

    /// Shows the snapshot's log-space values.
    void setSnapshot(const UnderflowSnapshot &snapshot);
    /// Marks a format's row; empty clears.
    void setHighlight(const QString &format);

private:
    void refresh();

    UnderflowSnapshot m_snapshot;
    QString m_highlight;
};

} // namespace conceptlab::underflow
