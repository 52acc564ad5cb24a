// Every shown format's range on one log10 number line: smallest subnormal, smallest normal and
// largest finite value, with the current product marked.
#pragma once

#include "figure.h"

#include "core/underflowsession.h"

#include <QWidget>

namespace conceptlab::underflow {

class RangeLine : public QWidget {
    Q_OBJECT
public:
    explicit RangeLine(QWidget *parent = nullptr);

    /// Marks each format's current value.
    void setSnapshot(const UnderflowSnapshot &snapshot);
    /// Outlines a format's row; empty clears.
    void setHighlight(const QString &format);

    /// The ranges into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintContent(QPainter &painter, QSize size) const;

private:
    UnderflowSnapshot m_snapshot;
    QString m_highlight;
};

} // namespace conceptlab::underflow
