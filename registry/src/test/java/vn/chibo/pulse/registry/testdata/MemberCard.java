package vn.chibo.pulse.registry.testdata;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A record class written the way avro-maven-plugin generates them: version 2 of MemberCard, which
 * adds {@code status} with a default to version 1 ({@link #V1_SCHEMA}).
 */
public class MemberCard extends SpecificRecordBase {

    public static final Schema V1_SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"MemberCard\","
            + "\"namespace\":\"vn.chibo.pulse.registry.testdata\",\"fields\":["
            + "{\"name\":\"memberId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},"
            + "{\"name\":\"branchId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}}]}");

    public static final Schema SCHEMA$ = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"MemberCard\","
            + "\"namespace\":\"vn.chibo.pulse.registry.testdata\",\"fields\":["
            + "{\"name\":\"memberId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},"
            + "{\"name\":\"branchId\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},"
            + "{\"name\":\"status\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"},"
            + "\"default\":\"OFFICIAL\"}]}");

    private static final SpecificData MODEL$ = new SpecificData();

    private String memberId;
    private String branchId;
    private String status;

    public MemberCard() {
    }

    public MemberCard(String memberId, String branchId, String status) {
        this.memberId = memberId;
        this.branchId = branchId;
        this.status = status;
    }

    public static Schema getClassSchema() {
        return SCHEMA$;
    }

    @Override
    public SpecificData getSpecificData() {
        return MODEL$;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        switch (field) {
            case 0: return memberId;
            case 1: return branchId;
            case 2: return status;
            default: throw new IndexOutOfBoundsException("Invalid index: " + field);
        }
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0: memberId = value == null ? null : value.toString(); break;
            case 1: branchId = value == null ? null : value.toString(); break;
            case 2: status = value == null ? null : value.toString(); break;
            default: throw new IndexOutOfBoundsException("Invalid index: " + field);
        }
    }

    public String getMemberId() {
        return memberId;
    }

    public String getBranchId() {
        return branchId;
    }

    public String getStatus() {
        return status;
    }
}
