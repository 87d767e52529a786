# One image for the project's services: ./pulse's jar, run with a subcommand
# (docker-compose.yml runs `streams`, `sink` and `dashboard`; `publish` works too).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
RUN useradd --system --home-dir /var/lib/pulse --create-home pulse
COPY --from=build /src/cli/target/pulse.jar /opt/pulse/pulse.jar
USER pulse
WORKDIR /var/lib/pulse
ENV PULSE_STATE_DIR=/var/lib/pulse
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", \
            "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=vn.chibo.pulse", "-jar", "/opt/pulse/pulse.jar"]
CMD ["help"]
