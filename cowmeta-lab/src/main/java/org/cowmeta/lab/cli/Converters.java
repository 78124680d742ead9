package org.cowmeta.lab.cli;

import java.util.List;
import org.cowmeta.lab.macro.ScenarioRegistry;
import org.cowmeta.lab.profile.Profile;
import org.cowmeta.tables.registry.TableRegistry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option-value converters that reject unknown names with the list of the known ones. */
final class Converters {
    private Converters() {}

    static String knownOrNone(List<String> names, String what) {
        return names.isEmpty() ? "no " + what + " are registered" : "known " + what + ": " + String.join(", ", names);
    }

    /** A table name from {@link TableRegistry}. */
    static final class TableName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!TableRegistry.names().contains(value)) {
                throw new TypeConversionException("unknown table '" + value + "'; "
                        + knownOrNone(TableRegistry.names(), "tables"));
            }
            return value;
        }
    }

    /** A scenario name from {@link ScenarioRegistry}. */
    static final class ScenarioName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!ScenarioRegistry.names().contains(value)) {
                throw new TypeConversionException("unknown scenario '" + value + "'; "
                        + knownOrNone(ScenarioRegistry.names(), "scenarios"));
            }
            return value;
        }
    }

    /** quick or full. */
    static final class ProfileName implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            return Profile.parse(value).orElseThrow(() -> new TypeConversionException(
                    "unknown profile '" + value + "'; profiles are " + Profile.names()));
        }
    }
}
