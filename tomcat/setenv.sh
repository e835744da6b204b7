# $CATALINA_BASE/bin/setenv.sh: Tomcat reads it at start-up. Settings given as environment variables
# here apply to the gateway like context parameters do (context parameters win; see README.md).
export GEMINI_API_KEYS="key1,key2"
export PASSWORD="change-me"
export DATA_DIR="$CATALINA_BASE/gemini-gateway/data"
export LOG_DIR="$CATALINA_BASE/logs/gemini-gateway"
# Behind a corporate proxy:
# export HTTPS_PROXY="http://user:password@proxy.corp:3128"
# export UPSTREAM_CA_BUNDLE="/etc/pki/company-ca.pem"
# A small heap is plenty for the gateway itself:
export CATALINA_OPTS="$CATALINA_OPTS -Xms64m -Xmx512m"
