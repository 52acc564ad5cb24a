// A Gantt-style timeline: rows of bars, each bar made of segments with their own brush
// (e.g. shades for phases), a time axis, a time cursor (later parts drawn faded), zoom with
// the mouse wheel, pan by dragging, fit on double-click, and tool tips per bar.
#pragma once

#include "conceptlabsdk_export.h"
#include "figure.h"

#include <QBrush>
#include <QList>
#include <QPixmap>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>

namespace conceptlab {

/// A part of a bar: [startTime, endTime) drawn with brush.
struct TimelineSegment {
    double startTime = 0;
    double endTime = 0;
    QBrush brush;
};

/// One bar in a row; segments are drawn in order. id is passed to the tool-tip provider.
struct TimelineBar {
    int row = 0;
    int id = -1;
    QList<TimelineSegment> segments;
    QColor outline; ///< invalid: no outline
    QString toolTip; ///< used when no tool-tip provider is set
};

class CONCEPTLAB_SDK_EXPORT TimelineView : public QWidget {
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    /// Rows shown top to bottom; labels may be fewer than rows (the rest are unlabelled).
    void setRows(int rowCount, const QStringList &labels = {});
    /// Replaces the bars. The time extent becomes the bars' extent unless setTimeRange is used.
    void setBars(QList<TimelineBar> bars);
    void clear();
    int rowCount() const { return m_rowCount; }
    const QList<TimelineBar> &bars() const { return m_bars; }

    /// The full extent the view can show; fitAll() shows it.
    void setTimeRange(double startTime, double endTime);
    /// The visible window (zoom); clamped to the full extent.
    void setVisibleRange(double startTime, double endTime);
    double visibleStart() const { return m_visibleStart; }
    double visibleEnd() const { return m_visibleEnd; }
    void fitAll();

    /// The time cursor; bar parts after it are drawn with futureOpacity (1: no fading).
    void setCursorTime(double time);
    double cursorTime() const { return m_cursorTime; }
    void setCursorVisible(bool visible);
    void setFutureOpacity(double opacity);
    /// Keeps the cursor in view when it moves past the visible window.
    void setFollowCursor(bool follow);

    /// Unit shown after axis labels, e.g. "s".
    void setTimeUnit(const QString &unit);
    /// Text drawn in the middle when there are no bars.
    void setPlaceholderText(const QString &text);
    /// Tool tip of a bar from its id (called on hover); overrides TimelineBar::toolTip.
    void setToolTipProvider(std::function<QString(int id)> provider);

    /// The bar under a widget position, or −1 (index into bars()).
    int barAt(const QPoint &position) const;

    /// Draws the visible window into `rect` of a figure as vectors: row labels, the time axis,
    /// the bars (faded after the cursor), the cursor, then paintFigureOverlay().
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void visibleRangeChanged(double startTime, double endTime);

protected:
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;
    /// Where the bars are drawn (between the row labels and the time axis), in widget pixels;
    /// for subclasses that paint marks over them.
    QRectF plotRect() const;
    /// The x pixel of `time` (seconds) in `plot`.
    double timeToX(double time, const QRectF &plot) const;
    /// Marks a subclass draws over a figure's bars; `plot` is where the bars are.
    virtual void paintFigureOverlay(QPainter &painter, const QRectF &plot) const
    {
        Q_UNUSED(painter)
        Q_UNUSED(plot)
    }

private:
    double xToTime(double x, const QRectF &plot) const;
    void indexBars();
    void paintBars(QPainter &painter, const QRectF &plot) const;

    QList<TimelineBar> m_bars;
    QList<int> m_order; // bar indices by start time
    QList<double> m_orderStart; // their start times
    double m_longestBar = 0;
    int m_rowCount = 0;
    QStringList m_rowLabels;
    double m_timeStart = 0;
    double m_timeEnd = 1;
    bool m_explicitRange = false;
    double m_visibleStart = 0;
    double m_visibleEnd = 1;
    double m_cursorTime = 0;
    bool m_cursorVisible = true;
    bool m_followCursor = true;
    double m_futureOpacity = 0.25;
    QString m_timeUnit;
    QString m_placeholder;
    std::function<QString(int)> m_toolTipProvider;
    bool m_dragging = false;
    double m_dragX = 0;
    double m_dragStart = 0;
    double m_dragEnd = 0;
    QPixmap m_layer; // the bars of the visible window, drawn at full opacity
    bool m_layerValid = false;
};

} // namespace conceptlab
