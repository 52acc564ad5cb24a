// The running product of every shown format against the step, on a log10 scale, with each
// format's subnormal band shaded, zero drawn on a floor line, and the exact log-space line.
#pragma once

#include "core/underflowsession.h"

#include <QChartView>

class QValueAxis;

namespace conceptlab::underflow {

/// The colour of a format in every panel.
QColor formatColor(Format format);

class ProductChart : public QChartView {
    Q_OBJECT
public:
    explicit ProductChart(QWidget *parent = nullptr);

    /// Draws the run up to the snapshot's step; `message` (an input error) replaces it.
    void setSnapshot(const UnderflowSnapshot &snapshot, const QString &message);
    /// Thickens the named format's line; empty clears.
    void setHighlight(const QString &format);

private:
    void rebuild();

    UnderflowSnapshot m_snapshot;
    QString m_highlight;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
};

} // namespace conceptlab::underflow
