// What the fuzz targets share: a check that aborts, so that the fuzzer and the corpus replay
// both see a broken property, and a schema with a parameter of every kind.
#pragma once

#include "parameterschema.h"

#include <cstdlib>

namespace conceptlab::fuzz {

inline void check(bool condition)
{
    if (!condition)
        std::abort();
}

/// One parameter of each kind, with wide ranges (and an integer up to 2^53 - 1).
inline ParameterSchema everyKindSchema()
{
    ParameterSchema schema;
    schema.add({ .key = "count",
        .label = "Count",
        .kind = ParameterKind::Integer,
        .defaultValue = 4,
        .minimum = -1000,
        .maximum = 1000 });
    schema.add({ .key = "seed",
        .label = "Seed",
        .kind = ParameterKind::Integer,
        .defaultValue = 0,
        .maximum = 9007199254740991.0 });
    schema.add({ .key = "rate",
        .label = "Rate",
        .kind = ParameterKind::Real,
        .defaultValue = 0.5,
        .minimum = 1e-6,
        .maximum = 1e6 });
    schema.add({ .key = "policy",
        .label = "Policy",
        .kind = ParameterKind::Enum,
        .defaultValue = "a",
        .choices = { "a", "b" } });
    schema.add({ .key = "on", .label = "On", .kind = ParameterKind::Boolean, .defaultValue = true });
    schema.add({ .key = "name", .label = "Name", .kind = ParameterKind::Text, .defaultValue = "x" });
    schema.add({ .key = "program", .label = "Program", .kind = ParameterKind::Code, .defaultValue = "" });
    schema.add({ .key = "file", .label = "File", .kind = ParameterKind::FilePath, .defaultValue = "" });
    return schema;
}

} // namespace conceptlab::fuzz
