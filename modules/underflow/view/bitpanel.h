// The bits of the current value in every shown format: sign, exponent and mantissa coloured,
// the implicit leading bit shown (1 for normals, 0 for subnormals). Float-Toy exploration:
// click a bit to flip it, or type a value, and see that value rounded into every format.
#pragma once

#include "figure.h"

#include "core/underflowsession.h"

#include <QWidget>

#include <optional>

class QLineEdit;
class QPushButton;
class QLabel;

namespace conceptlab::underflow {

class BitRows;

class BitPanel : public QWidget {
    Q_OBJECT
public:
    explicit BitPanel(QWidget *parent = nullptr);

    /// Shows the snapshot's values (and leaves exploration).
    void setSnapshot(const UnderflowSnapshot &snapshot);
    /// Outlines a format's row, or one bit of it (index 0 = least significant); -1: the row.
    void setHighlight(const QString &format, int bit);
    /// Exploration: shows `value` rounded into every shown format (the run is not changed).
    void explore(double value);
    /// Exploration: flips bit `index` (0 = least significant) of `format`'s pattern shown now.
    void flipBit(Format format, int index);
    /// The bit pattern shown for `format` (run or exploration).
    std::optional<std::uint64_t> shownBits(Format format) const;
    /// The caption and the bit rows into `rect` of a figure.
    void paintFigure(QPainter &painter, const QRectF &rect, const FigureStyle &style) const;

private:
    void refresh();

    UnderflowSnapshot m_snapshot;
    std::optional<double> m_explored; ///< view-local Float-Toy value, not simulation state
    BitRows *m_rows = nullptr;
    QLineEdit *m_input = nullptr;
    QPushButton *m_follow = nullptr;
    QLabel *m_caption = nullptr;
};

} // namespace conceptlab::underflow
