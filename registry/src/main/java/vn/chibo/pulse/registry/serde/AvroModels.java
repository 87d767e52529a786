package vn.chibo.pulse.registry.serde;

import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;

/** The data models generic records are read and written with. */
final class AvroModels {

    private static final GenericData PLAIN = new GenericData();
    private static final GenericData WITH_LOGICAL_TYPES = withLogicalTypes();

    private AvroModels() {
    }

    static GenericData generic(boolean logicalTypes) {
        return logicalTypes ? WITH_LOGICAL_TYPES : PLAIN;
    }

    private static GenericData withLogicalTypes() {
        GenericData data = new GenericData();
        data.addLogicalTypeConversion(new Conversions.DecimalConversion());
        data.addLogicalTypeConversion(new Conversions.UUIDConversion());
        data.addLogicalTypeConversion(new TimeConversions.DateConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMillisConversion());
        data.addLogicalTypeConversion(new TimeConversions.LocalTimestampMicrosConversion());
        return data;
    }
}
