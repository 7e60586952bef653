# `make package` (CPack): a Debian package with the three programs, their man pages, the web
# page, the gazetteer, the operations guide and systemd units for the server, the --watch
# indexer, xapian-tcpsrv parts and xapian-replicate (packaging/). Installed under /usr.
install(TARGETS rassegna-index rassegna-search rassegna-server RUNTIME DESTINATION bin)
install(FILES docs/man/rassegna-index.1 docs/man/rassegna-search.1 docs/man/rassegna-server.1
        DESTINATION share/man/man1)
install(DIRECTORY web/ DESTINATION share/rassegna/web)
install(FILES corpus/companies.tsv DESTINATION share/rassegna)
install(FILES docs/operations.md docs/api.md README.md DESTINATION share/doc/rassegna)
install(FILES packaging/systemd/rassegna-server.service packaging/systemd/rassegna-index-watch.service
              packaging/systemd/rassegna-tcpsrv@.service packaging/systemd/rassegna-replicate-server.service
              packaging/systemd/rassegna-replicate@.service
        DESTINATION lib/systemd/system)
# /etc is absolute: outside the /usr prefix.
install(FILES packaging/debian/rassegna.default DESTINATION /etc/default RENAME rassegna)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rassegna)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "Rassegna maintainers <rassegna@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "full-text search of Italian and English news, on Xapian")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Rassegna indexes news articles (JSONL, text, feeds, HTML, WARC, CSV), tags the companies\n they name, and serves searches with facets over a JSON API and a web page. Databases may\n be split in time partitions, in remote parts served by xapian-tcpsrv, and read replicas\n kept by xapian-replicate; systemd units for each are included.")
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # library dependencies from dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_DEPENDS "xapian-tools, adduser")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)  # the debug information stays in the build, not in the package
include(CPack)
