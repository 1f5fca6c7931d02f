import vinr

try:
    vinr.Customer.list(limit=200)
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
