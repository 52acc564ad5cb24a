// The KV-memory strip: GPU KV-cache capacity as a horizontal bar, one region per sequence on
// the GPU in slot order: KV holding tokens blue (navy while the prompt is prefilled), KV reserved
// or allocated but not yet used light blue (the timeline's legend).
#pragma once

#include "figure.h"

#include "core/simulator.h"

#include <QWidget>

namespace conceptlab::batching {

class KvStripWidget : public QWidget {
    Q_OBJECT
public:
    explicit KvStripWidget(QWidget *parent = nullptr);

    /// The KV state to draw; blockSizeTokens > 0 draws block boundaries (paged policies).
    void setState(
        std::int64_t capacityTokens, int blockSizeTokens, std::vector<LiveSequence> sequences, double timeSeconds);
    void clear();
    /// Outlines this request's region when it is on the GPU; −1: none.
    void setHighlightRequest(int request);

    /// The strip and its title line into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRectF barRect(QSize size) const;
    void paintContent(QPainter &painter, QSize size) const;

    std::int64_t m_capacity = 0;
    int m_blockSize = 0;
    std::vector<LiveSequence> m_sequences;
    double m_time = 0;
    int m_highlightRequest = -1;
};

} // namespace conceptlab::batching
