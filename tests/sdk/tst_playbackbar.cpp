// The playback bar's status line: a status too long for its room loses whole parts from the
// end, never half a word, and the tooltip keeps the whole line.
#include "playbackbar.h"

#include <QApplication>
#include <QFontMetrics>

#include <gtest/gtest.h>

using namespace conceptlab;

namespace {
const QString kStatus = QStringLiteral("Step 12 · 3 running · 0 waiting · KV 40 % used");
}

TEST(ElidedStatus, FittingTextIsUnchanged)
{
    const QFontMetrics metrics(QApplication::font());
    EXPECT_EQ(elidedStatus(kStatus, metrics, metrics.horizontalAdvance(kStatus)), kStatus);
}

TEST(ElidedStatus, DropsWholePartsFromTheEnd)
{
    const QFontMetrics metrics(QApplication::font());
    const QString twoParts = QStringLiteral("Step 12 · 3 running …");
    EXPECT_EQ(elidedStatus(kStatus, metrics, metrics.horizontalAdvance(twoParts)), twoParts);
    // One pixel short of three parts still gives two.
    const QString threeParts = QStringLiteral("Step 12 · 3 running · 0 waiting …");
    EXPECT_EQ(elidedStatus(kStatus, metrics, metrics.horizontalAdvance(threeParts) - 1), twoParts);
    EXPECT_EQ(elidedStatus(kStatus, metrics, metrics.horizontalAdvance(threeParts)), threeParts);
}

TEST(ElidedStatus, AFirstPartTooWideIsElided)
{
    const QFontMetrics metrics(QApplication::font());
    const int width = metrics.horizontalAdvance(QStringLiteral("Step 1"));
    const QString shown = elidedStatus(kStatus, metrics, width);
    EXPECT_TRUE(shown.endsWith(QChar(0x2026))) << shown.toStdString();
    EXPECT_TRUE(QStringLiteral("Step 12").startsWith(shown.chopped(1))) << shown.toStdString();
    EXPECT_LE(metrics.horizontalAdvance(shown), width);
}
