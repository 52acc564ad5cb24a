// Figures: what a view draws for slides and reports (File > Export, `conceptlab export`).
// A figure is painted onto a QPainter, never grabbed from widgets, so a PNG, an SVG and a PDF
// of the same state show the same picture. This file has the style every figure shares (fonts
// and spacing scaled to the figure's size) and the pieces views compose figures from.
#pragma once

#include "conceptlabsdk_export.h"

#include <QColor>
#include <QFont>
#include <QList>
#include <QRectF>
#include <QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QChart;
class QPainter;
class QTextDocument;
QT_END_NAMESPACE

namespace conceptlab {

/// Fonts, colours and spacing of a figure, scaled to its size. Fonts are sized in pixels with
/// hinting off, so text takes the same room on every paint device.
struct CONCEPTLAB_SDK_EXPORT FigureStyle {
    double textPx = 16; ///< body text height, pixels; the other sizes derive from it
    double gap = 12; ///< space between parts, pixels
    QFont title; ///< the figure's title
    QFont heading; ///< a panel's title
    QFont text; ///< body text and legends
    QFont small; ///< axis labels, notes
    QFont mono; ///< code and terms
    QColor ink = QColor(0x20, 0x24, 0x2a);
    QColor muted = QColor(0x5f, 0x66, 0x70);
    QColor paper = QColor(Qt::white);
    QColor rule = QColor(0xd0, 0xd4, 0xda);

    /// The style of a figure `width` × `height` pixels.
    static FigureStyle forSize(double width, double height);
};

/// What the shell knows about a figure and the view does not: the module and the step.
struct CONCEPTLAB_SDK_EXPORT FigureCaption {
    QString moduleTitle; ///< e.g. "Consistent hashing"
    int step = 0; ///< the step shown
    int lastStep = -1; ///< the run's last step; -1 when unknown

    /// "step 12 of 40", or "step 12" when the last step is unknown.
    QString stepText() const;
};

/// One entry of a legend: a swatch (a filled square, or a line) and its words.
struct CONCEPTLAB_SDK_EXPORT LegendEntry {
    QColor colour;
    QString text;
    enum class Swatch { Box, Line } swatch = Swatch::Box;
};

/// A marked range of a code figure (current line, redex, error): characters
/// [start, start + length) of the document, drawn behind the text.
struct CONCEPTLAB_SDK_EXPORT CodeMark {
    int start = 0;
    int length = 0;
    QColor background;
};

namespace figure {

    /// Draws `text` in `rect` (wrapped unless `flags` says otherwise); returns the height used.
    CONCEPTLAB_SDK_EXPORT double drawText(QPainter &painter, const QRectF &rect, const QString &text, const QFont &font,
        const QColor &colour, int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap);
    /// A panel's title at the top of `rect`; returns the part of `rect` below it.
    CONCEPTLAB_SDK_EXPORT QRectF drawHeading(
        QPainter &painter, const QRectF &rect, const QString &text, const FigureStyle &style);
    /// The entries in rows that wrap within `rect`'s width, from its top; returns the height used.
    CONCEPTLAB_SDK_EXPORT double drawLegend(
        QPainter &painter, const QRectF &rect, const QList<LegendEntry> &entries, const FigureStyle &style);
    /// The height drawLegend() would use.
    CONCEPTLAB_SDK_EXPORT double legendHeight(
        double width, const QList<LegendEntry> &entries, const FigureStyle &style);
    /// A Qt Charts chart laid out for `rect` and drawn into it as vectors, its text about as
    /// large as the style's small text; the chart is left as it was.
    CONCEPTLAB_SDK_EXPORT void drawChart(
        QPainter &painter, const QRectF &rect, QChart *chart, const FigureStyle &style);
    /// How drawCode() lays out its lines.
    enum class CodeLayout {
        NumberedLines, ///< a program: a gutter of 1-based line numbers, long lines cut with "…"
        WrappedText, ///< a term: no numbers, long lines wrapped on the grid
    };
    /// The lines of `document` (a program or a term) on a monospace grid, in the colours its
    /// syntax highlighter gave them, the marks behind; every run of text starts at its column,
    /// so columns line up in any viewer. The font shrinks (to 60 %) to fit; lines that still do
    /// not fit are summarised.
    CONCEPTLAB_SDK_EXPORT void drawCode(QPainter &painter, const QRectF &rect, const QTextDocument &document,
        const FigureStyle &style, const QList<CodeMark> &marks = {}, CodeLayout layout = CodeLayout::NumberedLines);
    /// Plain monospace lines, wrapped at the rect's width on the character grid; returns the height used.
    CONCEPTLAB_SDK_EXPORT double drawMonoText(
        QPainter &painter, const QRectF &rect, const QString &text, const FigureStyle &style, const QColor &colour);
    /// A table: header in bold (a cell may have lines, split at '\n'), cells elided to their
    /// columns (widths from the content); rows that do not fit are summarised. Returns the height used.
    CONCEPTLAB_SDK_EXPORT double drawTable(QPainter &painter, const QRectF &rect, const QStringList &header,
        const QList<QStringList> &rows, const FigureStyle &style);

    /// Rich text (Qt's HTML subset) wrapped in `rect`, its base font the style's small text, cut
    /// to the blocks that fit. Returns the height used.
    CONCEPTLAB_SDK_EXPORT double drawRichText(
        QPainter &painter, const QRectF &rect, const QString &html, const FigureStyle &style);
    /// Runs `paint` on a drawing `rect.size() / scale` logical pixels, magnified by `scale` into
    /// `rect`, where `scale` makes text in `font` (a widget's) as large as `target` (the
    /// style's): a widget's own painting code draws a figure part at any size.
    CONCEPTLAB_SDK_EXPORT void paintScaled(QPainter &painter, const QRectF &rect, const QFont &font,
        const QFont &target, const std::function<void(QPainter &, QSize)> &paint);

} // namespace figure

} // namespace conceptlab
