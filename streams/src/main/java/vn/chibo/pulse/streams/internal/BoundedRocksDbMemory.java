package vn.chibo.pulse.streams.internal;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and one memtable budget for every RocksDB store in the process. The app has a
 * store per task and kind (tens of them), and RocksDB's defaults per store would add up to
 * gigabytes of off-heap memory on a small machine.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    public static final String MEMORY_MB_CONFIG = "pulse.rocksdb.memory.mb";
    private static final long MIB = 1024L * 1024L;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long totalBytes) {
        if (cache == null) {
            // A quarter of the budget for memtables, counted against the same cache.
            cache = new LRUCache(totalBytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(totalBytes / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object mb = configs.get(MEMORY_MB_CONFIG);
        init((mb == null ? 64 : Long.parseLong(mb.toString())) * MIB);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setWriteBufferSize(4 * MIB);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by all stores: never closed here.
    }
}
