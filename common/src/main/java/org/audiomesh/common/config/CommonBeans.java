package org.audiomesh.common.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.audiomesh.common.contract.ContractJson;
import org.audiomesh.common.storage.BlobStore;
import org.audiomesh.common.storage.FileSystemBlobStore;
import org.audiomesh.common.storage.StorageQuota;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Produces the beans every service shares: the contract codec and the blob store. */
@ApplicationScoped
public class CommonBeans {

    @Produces
    @Singleton
    ContractJson contractJson() {
        return new ContractJson();
    }

    @Produces
    @Singleton
    BlobStore blobStore(AudiomeshConfig config) {
        try {
            AudiomeshConfig.Storage s = config.storage();
            return new FileSystemBlobStore(Path.of(config.dataDir()),
                    new StorageQuota(s.quotaBytes(), s.minFreeBytes(), s.usageRefresh()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
        }
    }
}
