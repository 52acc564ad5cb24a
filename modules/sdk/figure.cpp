// The shared figure style and the pieces figures are drawn with.
#include "figure.h"

#include <QAbstractAxis>
#include <QAbstractTextDocumentLayout>
#include <QChart>
#include <QFontDatabase>
#include <QFontInfo>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGuiApplication>
#include <QLegend>
#include <QPainter>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>

#include <algorithm>
#include <cmath>

namespace conceptlab {

namespace {

    // A font of `pixels` pixels in the real family `font` resolves to: an SVG names the family,
    // and a viewer without the alias ("Monospace") would fall back to another font.
    QFont sizedFont(const QFont &font, double pixels, QFont::Weight weight = QFont::Normal)
    {
        QFont sized(QFontInfo(font).family());
        sized.setPixelSize(std::max(6, static_cast<int>(std::lround(pixels))));
        sized.setWeight(weight);
        sized.setHintingPreference(QFont::PreferNoHinting);
        sized.setKerning(false);
        return sized;
    }

    // A figure's code font shrinks to fit its rect, but not below this share of the text size.
    constexpr double kSmallestCodeScale = 0.6;
    // Long lines shrink the code font no further than this share.
    constexpr double kNarrowestCodeScale = 0.85;

    struct CodeChar {
        QChar c;
        QColor colour;
        QFont::Weight weight = QFont::Normal;
        bool italic = false;
        QColor background;
    };

    // One document line as characters on the grid (tabs expanded), with colours and marks.
    QList<CodeChar> codeLine(const QTextBlock &block, const QColor &ink, const QList<CodeMark> &marks)
    {
        const QString text = block.text();
        QList<CodeChar> chars;
        QList<QColor> colours(text.size(), ink);
        QList<QFont::Weight> weights(text.size(), QFont::Normal);
        QList<bool> italics(text.size(), false);
        const QList<QTextLayout::FormatRange> formats
            = block.layout() ? block.layout()->formats() : QList<QTextLayout::FormatRange> {};
        for (const QTextLayout::FormatRange &range : formats)
            for (int i = std::max(0, range.start);
                 i < std::min<int>(static_cast<int>(text.size()), range.start + range.length); ++i) {
                if (range.format.hasProperty(QTextFormat::ForegroundBrush))
                    colours[i] = range.format.foreground().color();
                if (range.format.hasProperty(QTextFormat::FontWeight))
                    weights[i] = static_cast<QFont::Weight>(range.format.fontWeight());
                if (range.format.hasProperty(QTextFormat::FontItalic))
                    italics[i] = range.format.fontItalic();
            }
        for (int i = 0; i < text.size(); ++i) {
            QColor background;
            const int position = block.position() + i;
            for (const CodeMark &mark : marks)
                if (position >= mark.start && position < mark.start + std::max(1, mark.length))
                    background = mark.background;
            const CodeChar c { QLatin1Char(' '), colours[i], weights[i], italics[i], background };
            if (text[i] == QLatin1Char('\t')) {
                const int spaces = 4 - static_cast<int>(chars.size()) % 4;
                for (int s = 0; s < spaces; ++s)
                    chars.append(c);
            } else {
                chars.append(CodeChar { text[i], colours[i], weights[i], italics[i], background });
            }
        }
        return chars;
    }

    // Draws one line of code: backgrounds, then every run of equal non-space characters at its
    // own column (a viewer's font may differ slightly; the columns do not move).
    void drawCodeLine(QPainter &painter, const QList<CodeChar> &chars, QPointF origin, double advance,
        const QFontMetricsF &metrics, const QFont &mono, qsizetype columns)
    {
        const qsizetype shown = std::min(chars.size(), columns);
        for (qsizetype i = 0; i < shown; ++i)
            if (chars[i].background.isValid())
                painter.fillRect(
                    QRectF(origin.x() + static_cast<double>(i) * advance, origin.y(), advance + 0.5, metrics.height()),
                    chars[i].background);
        const double baseline = origin.y() + metrics.ascent();
        qsizetype i = 0;
        while (i < shown) {
            if (chars[i].c.isSpace()) {
                ++i;
                continue;
            }
            qsizetype end = i + 1;
            while (end < shown && !chars[end].c.isSpace() && chars[end].colour == chars[i].colour
                && chars[end].weight == chars[i].weight && chars[end].italic == chars[i].italic)
                ++end;
            QString run;
            for (qsizetype k = i; k < end; ++k)
                run += chars[k].c;
            QFont font = mono;
            font.setWeight(chars[i].weight);
            font.setItalic(chars[i].italic);
            painter.setFont(font);
            painter.setPen(chars[i].colour);
            painter.drawText(QPointF(origin.x() + static_cast<double>(i) * advance, baseline), run);
            i = end;
        }
        if (chars.size() > columns && columns > 0) {
            painter.setFont(mono);
            painter.drawText(
                QPointF(origin.x() + static_cast<double>(columns) * advance, baseline), QStringLiteral("…"));
        }
    }

} // namespace

FigureStyle FigureStyle::forSize(double width, double height)
{
    FigureStyle style;
    // Text as large as a slide needs: 16 px on a 1280 × 720 figure, 24 px on 1920 × 1080.
    style.textPx = std::clamp(std::min(width, height * 16.0 / 9.0) / 80.0, 9.0, 64.0);
    style.gap = std::round(style.textPx * 0.75);
    const QFont sans = QGuiApplication::font();
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    style.title = sizedFont(sans, style.textPx * 1.6, QFont::Bold);
    style.heading = sizedFont(sans, style.textPx * 1.05, QFont::Bold);
    style.text = sizedFont(sans, style.textPx);
    style.small = sizedFont(sans, style.textPx * 0.8);
    style.mono = sizedFont(fixed, style.textPx * 0.95);
    return style;
}

QString FigureCaption::stepText() const
{
    if (lastStep < 0)
        return QStringLiteral("step %1").arg(step);
    return QStringLiteral("step %1 of %2").arg(step).arg(lastStep);
}

namespace figure {

    double drawText(
        QPainter &painter, const QRectF &rect, const QString &text, const QFont &font, const QColor &colour, int flags)
    {
        if (text.isEmpty() || rect.width() <= 0)
            return 0;
        painter.setFont(font);
        painter.setPen(colour);
        const QFontMetricsF metrics(font);
        QString shown = text;
        if (!(flags & Qt::TextWordWrap)) {
            shown = metrics.elidedText(text, Qt::ElideRight, rect.width());
        } else if (metrics.boundingRect(rect, flags, text).height() > rect.height() + 0.5) {
            // SVG output cannot clip: cut the text itself to the lines that fit, ending in "…".
            qsizetype low = 0;
            qsizetype high = text.size();
            while (low < high) {
                const qsizetype middle = (low + high + 1) / 2;
                if (metrics.boundingRect(rect, flags, text.left(middle) + QStringLiteral("…")).height()
                    <= rect.height() + 0.5)
                    low = middle;
                else
                    high = middle - 1;
            }
            shown = text.left(low).trimmed() + QStringLiteral("…");
        }
        QRectF used;
        painter.drawText(rect, flags, shown, &used);
        return std::min(used.height(), rect.height());
    }

    QRectF drawHeading(QPainter &painter, const QRectF &rect, const QString &text, const FigureStyle &style)
    {
        const double height = QFontMetricsF(style.heading).height();
        drawText(painter, QRectF(rect.left(), rect.top(), rect.width(), height), text, style.heading, style.ink,
            Qt::AlignLeft | Qt::AlignVCenter);
        return rect.adjusted(0, height + style.gap * 0.4, 0, 0);
    }

    namespace {
        // Where each legend entry goes (relative to the legend's top-left).
        QList<QPointF> legendPositions(
            double width, const QList<LegendEntry> &entries, const FigureStyle &style, double *height)
        {
            const QFontMetricsF metrics(style.text);
            const double swatch = metrics.height() * 0.7;
            QList<QPointF> positions;
            double x = 0;
            double y = 0;
            for (const LegendEntry &entry : entries) {
                const double w = swatch + style.gap * 0.4 + metrics.horizontalAdvance(entry.text) + style.gap * 1.2;
                if (x > 0 && x + w > width) {
                    x = 0;
                    y += metrics.height() * 1.25;
                }
                positions.append(QPointF(x, y));
                x += w;
            }
            *height = entries.isEmpty() ? 0 : y + metrics.height();
            return positions;
        }
    } // namespace

    double legendHeight(double width, const QList<LegendEntry> &entries, const FigureStyle &style)
    {
        double height = 0;
        legendPositions(width, entries, style, &height);
        return height;
    }

    double drawLegend(
        QPainter &painter, const QRectF &rect, const QList<LegendEntry> &entries, const FigureStyle &style)
    {
        double height = 0;
        const QList<QPointF> positions = legendPositions(rect.width(), entries, style, &height);
        const QFontMetricsF metrics(style.text);
        const double swatch = metrics.height() * 0.7;
        painter.setFont(style.text);
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const LegendEntry &entry = entries[i];
            const QPointF at = rect.topLeft() + positions[i];
            const QRectF box(at.x(), at.y() + (metrics.height() - swatch) / 2, swatch, swatch);
            if (entry.swatch == LegendEntry::Swatch::Line) {
                painter.setPen(QPen(entry.colour, std::max(2.0, swatch / 4)));
                painter.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()));
            } else {
                painter.fillRect(box, entry.colour);
            }
            painter.setPen(style.ink);
            painter.drawText(QPointF(box.right() + style.gap * 0.4, at.y() + metrics.ascent()), entry.text);
        }
        return height;
    }

    void drawChart(QPainter &painter, const QRectF &rect, QChart *chart, const FigureStyle &style)
    {
        if (!chart || !chart->scene() || rect.width() < 8 || rect.height() < 8)
            return;
        // The chart is laid out at the figure's size divided by the text scale, then drawn
        // magnified: its labels come out about as large as the figure's small text.
        const double chartPx = std::max(6, QFontInfo(chart->legend()->font()).pixelSize());
        // A little under the small text: a chart's axes need room for their tick labels.
        const double scale = std::clamp(style.small.pixelSize() * 0.85 / chartPx, 0.5, 4.0);
        const QSizeF old = chart->size();
        chart->resize(rect.size() / scale);
        if (chart->layout())
            chart->layout()->activate();
        painter.save();
        painter.setRenderHint(QPainter::Antialiasing);
        chart->scene()->render(&painter, rect, chart->sceneBoundingRect(), Qt::IgnoreAspectRatio);
        painter.restore();
        chart->resize(old);
        if (chart->layout())
            chart->layout()->activate();
    }

    namespace {
        // One line as drawn: its characters, and its 1-based number (0: a wrapped continuation).
        struct VisualLine {
            QList<CodeChar> chars;
            int number = 0;
        };

        QList<VisualLine> visualLines(
            const QTextDocument &document, const FigureStyle &style, const QList<CodeMark> &marks, qsizetype wrapAt)
        {
            QList<VisualLine> lines;
            int number = 0;
            for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
                const QList<CodeChar> chars = codeLine(block, style.ink, marks);
                ++number;
                if (wrapAt <= 0 || chars.size() <= wrapAt) {
                    lines.append({ chars, number });
                    continue;
                }
                for (qsizetype start = 0; start < chars.size(); start += wrapAt)
                    lines.append({ chars.mid(start, wrapAt), start == 0 ? number : 0 });
            }
            return lines;
        }
    } // namespace

    void drawCode(QPainter &painter, const QRectF &rect, const QTextDocument &document, const FigureStyle &style,
        const QList<CodeMark> &marks, CodeLayout layout)
    {
        painter.save();
        const bool numbered = layout == CodeLayout::NumberedLines;
        const int gutterColumns = numbered ? static_cast<int>(QString::number(document.blockCount()).size()) + 1 : 0;
        // The largest font (down to a limit) at which the code fits; what still does not is cut.
        QFont mono = style.mono;
        const double basePx = style.mono.pixelSize();
        QList<VisualLine> lines;
        qsizetype columns = 1;
        for (double scale = 1.0;; scale -= 0.05) {
            mono.setPixelSize(std::max(6, static_cast<int>(std::floor(basePx * scale))));
            const QFontMetricsF metrics(mono);
            columns = std::max<qsizetype>(8,
                static_cast<qsizetype>(std::floor(rect.width() / metrics.horizontalAdvance(QLatin1Char('0'))))
                    - gutterColumns - 1);
            lines = visualLines(document, style, marks, numbered ? 0 : columns);
            qsizetype longest = 0;
            for (const VisualLine &line : lines)
                longest = std::max(longest, line.chars.size());
            // Height decides; width only down to kNarrowestCodeScale (a long comment is cut instead).
            const bool tallEnough = static_cast<double>(lines.size()) * metrics.height() <= rect.height();
            if (scale <= kSmallestCodeScale || (tallEnough && (longest <= columns || scale <= kNarrowestCodeScale)))
                break;
        }
        const QFontMetricsF metrics(mono);
        const double advance = metrics.horizontalAdvance(QLatin1Char('0'));
        const double lineHeight = metrics.height();
        const int fitting = std::max(1, static_cast<int>(std::floor(rect.height() / lineHeight)));
        const qsizetype shownLines = lines.size() <= fitting ? lines.size() : fitting - 1;
        for (qsizetype index = 0; index < shownLines; ++index) {
            const VisualLine &line = lines[index];
            const QPointF origin(
                rect.left() + gutterColumns * advance, rect.top() + static_cast<double>(index) * lineHeight);
            if (numbered && line.number > 0) {
                painter.setFont(mono);
                painter.setPen(style.muted);
                const QString number = QString::number(line.number);
                painter.drawText(QPointF(rect.left() + static_cast<double>(gutterColumns - 1 - number.size()) * advance,
                                     origin.y() + metrics.ascent()),
                    number);
            }
            drawCodeLine(painter, line.chars, origin, advance, metrics, mono, columns);
        }
        if (shownLines < lines.size())
            drawText(painter,
                QRectF(
                    rect.left(), rect.top() + static_cast<double>(shownLines) * lineHeight, rect.width(), lineHeight),
                QStringLiteral("… %1 more lines").arg(lines.size() - shownLines), style.small, style.muted,
                Qt::AlignLeft | Qt::AlignVCenter);
        painter.restore();
    }

    double drawMonoText(
        QPainter &painter, const QRectF &rect, const QString &text, const FigureStyle &style, const QColor &colour)
    {
        const QFontMetricsF metrics(style.mono);
        const double advance = metrics.horizontalAdvance(QLatin1Char('0'));
        const auto columns = std::max<qsizetype>(8, static_cast<qsizetype>(std::floor(rect.width() / advance)));
        QStringList lines;
        for (const QString &line : text.split(QLatin1Char('\n'))) {
            QString rest = line;
            rest.replace(QLatin1Char('\t'), QStringLiteral("    "));
            do {
                lines.append(rest.left(columns));
                rest = rest.mid(columns);
            } while (!rest.isEmpty());
        }
        const int fitting = std::max(1, static_cast<int>(std::floor(rect.height() / metrics.height())));
        const bool cut = lines.size() > fitting;
        if (cut) {
            lines = lines.mid(0, fitting - 1);
            lines.append(QStringLiteral("…"));
        }
        painter.setFont(style.mono);
        painter.setPen(colour);
        for (qsizetype i = 0; i < lines.size(); ++i) {
            // Words at their columns, like drawCode().
            const QString &line = lines[i];
            const double baseline = rect.top() + static_cast<double>(i) * metrics.height() + metrics.ascent();
            qsizetype start = 0;
            while (start < line.size()) {
                while (start < line.size() && line[start].isSpace())
                    ++start;
                qsizetype end = start;
                while (end < line.size() && !line[end].isSpace())
                    ++end;
                if (end > start)
                    painter.drawText(QPointF(rect.left() + static_cast<double>(start) * advance, baseline),
                        line.mid(start, end - start));
                start = end;
            }
        }
        return static_cast<double>(lines.size()) * metrics.height();
    }

    double drawTable(QPainter &painter, const QRectF &rect, const QStringList &header, const QList<QStringList> &rows,
        const FigureStyle &style)
    {
        if (header.isEmpty())
            return 0;
        QFont bold = style.small;
        bold.setWeight(QFont::Bold);
        const QFontMetricsF metrics(style.small);
        const QFontMetricsF boldMetrics(bold);
        const qsizetype columns = header.size();
        const double pad = style.gap * 0.6;
        // A header cell may have several lines ("latency\np50 s"): as wide as its widest line.
        QList<double> widths(columns, 0);
        int headerLines = 1;
        for (qsizetype c = 0; c < columns; ++c) {
            const QStringList lines = header[c].split(QLatin1Char('\n'));
            headerLines = std::max(headerLines, static_cast<int>(lines.size()));
            for (const QString &line : lines)
                widths[c] = std::max(widths[c], boldMetrics.horizontalAdvance(line) + pad);
        }
        for (const QStringList &row : rows)
            for (qsizetype c = 0; c < columns && c < row.size(); ++c)
                widths[c] = std::max(widths[c], metrics.horizontalAdvance(row[c]) + pad);
        double total = 0;
        for (double w : widths)
            total += w;
        if (total > rect.width()) {
            // Narrow the widest columns first: short columns (numbers) stay whole.
            const double fair = rect.width() / static_cast<double>(columns);
            double excess = total - rect.width();
            double shrinkable = 0;
            for (double w : widths)
                shrinkable += std::max(0.0, w - fair);
            for (double &w : widths)
                if (w > fair && shrinkable > 0)
                    w -= excess * (w - fair) / shrinkable;
        }
        const double rowHeight = metrics.height() * 1.3;
        const double headerHeight = rowHeight + boldMetrics.height() * (headerLines - 1);
        const int fitting = std::max(1, static_cast<int>(std::floor((rect.height() - headerHeight) / rowHeight)));
        const qsizetype shown = rows.size() <= fitting ? rows.size() : fitting - 1;
        auto drawRow = [&](double y, const QStringList &cells, const QFont &font, const QFontMetricsF &m) {
            double x = rect.left();
            painter.setFont(font);
            for (qsizetype c = 0; c < columns; ++c) {
                const QString cell = c < cells.size() ? cells[c] : QString();
                painter.drawText(QPointF(x, y + (rowHeight - m.height()) / 2 + m.ascent()),
                    m.elidedText(cell, Qt::ElideRight, std::max(1.0, widths[c] - pad)));
                x += widths[c];
            }
        };
        painter.setPen(style.ink);
        for (int line = 0; line < headerLines; ++line) {
            QStringList cells;
            for (const QString &cell : header)
                cells.append(cell.section(QLatin1Char('\n'), line, line));
            drawRow(rect.top() + line * boldMetrics.height(), cells, bold, boldMetrics);
        }
        painter.setPen(style.rule);
        painter.drawLine(
            QPointF(rect.left(), rect.top() + headerHeight), QPointF(rect.right(), rect.top() + headerHeight));
        painter.setPen(style.ink);
        double y = rect.top() + headerHeight;
        for (qsizetype r = 0; r < shown; ++r, y += rowHeight)
            drawRow(y, rows[r], style.small, metrics);
        if (shown < rows.size()) {
            drawText(painter, QRectF(rect.left(), y, rect.width(), rowHeight),
                QStringLiteral("… %1 more rows").arg(rows.size() - shown), style.small, style.muted,
                Qt::AlignLeft | Qt::AlignVCenter);
            y += rowHeight;
        }
        return y - rect.top();
    }

    double drawRichText(QPainter &painter, const QRectF &rect, const QString &html, const FigureStyle &style)
    {
        QTextDocument document;
        document.setDefaultFont(style.small);
        document.setDocumentMargin(0);
        document.setHtml(html);
        document.setTextWidth(rect.width());
        // Cut at the first block that does not fit: an SVG cannot clip.
        for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
            const QRectF box = document.documentLayout()->blockBoundingRect(block);
            if (box.bottom() > rect.height()) {
                QTextCursor cut(&document);
                cut.setPosition(std::max(0, block.position() - 1));
                cut.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
                cut.removeSelectedText();
                break;
            }
        }
        painter.save();
        painter.translate(rect.topLeft());
        QAbstractTextDocumentLayout::PaintContext context;
        context.palette.setColor(QPalette::Text, style.ink);
        document.documentLayout()->draw(&painter, context);
        painter.restore();
        return std::min(rect.height(), document.size().height());
    }

    void paintScaled(QPainter &painter, const QRectF &rect, const QFont &font, const QFont &target,
        const std::function<void(QPainter &, QSize)> &paint)
    {
        const double from = std::max(6, QFontInfo(font).pixelSize());
        const double to = target.pixelSize() > 0 ? target.pixelSize() : QFontInfo(target).pixelSize();
        const double scale = std::clamp(to / from, 0.5, 4.0);
        const QSize logical = (rect.size() / scale).toSize();
        if (logical.isEmpty())
            return;
        painter.save();
        painter.translate(rect.topLeft());
        painter.scale(scale, scale);
        painter.setFont(font);
        paint(painter, logical);
        painter.restore();
    }

} // namespace figure

} // namespace conceptlab
