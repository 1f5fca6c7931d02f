import vinr

try:
    vinr.Customer.list(starting_after="cust_8aZ2", ending_before="cust_8aZ2")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
